import NIOCore

/// A record batch as the log keeps it: the producer's bytes with the assigned base offset written in
/// (and, for a LogAppendTime topic, the broker's timestamp).
struct StoredBatch: Sendable {
    var baseOffset: Int64
    var lastOffset: Int64
    var baseTimestamp: Int64
    var maxTimestamp: Int64
    var compression: Int
    var bytes: ByteBuffer
}
