import NIOCore

/// What the router makes of one request: a framed response now, one later, or none (acks=0 produce).
///
/// A response may be several buffers written back to back (a fetch answer carries the log's stored
/// batches as they are); together they are one frame.
enum KafkaReply {
    case now(ByteBuffer)
    case nowInParts([ByteBuffer])
    case later(EventLoopFuture<[ByteBuffer]>)
    case none
}
