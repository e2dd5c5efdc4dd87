import NIOCore

/// The fixed 61-byte header of a record batch v2 (magic 2), the unit the log stores and serves.
///
/// The broker reads only this header: the records behind it stay as the producer wrote them (compressed
/// or not), so a consumer gets back exactly the producer's bytes with only the base offset rewritten.
/// The base offset and the partition leader epoch sit in front of the CRC's range, which is why the log
/// can assign offsets without recomputing the checksum.
struct RecordBatchHeader: Sendable, Equatable {
    static let size = 61
    /// Offset of the attributes field: the CRC covers everything from here to the end of the batch.
    static let crcRangeStart = 21

    var baseOffset: Int64
    var batchLength: Int32
    var partitionLeaderEpoch: Int32
    var magic: Int8
    var crc: UInt32
    var attributes: Int16
    var lastOffsetDelta: Int32
    var baseTimestamp: Int64
    var maxTimestamp: Int64
    var producerId: Int64
    var producerEpoch: Int16
    var baseSequence: Int32
    var recordCount: Int32

    /// The whole batch's size on the wire, prefix fields included.
    var totalSize: Int { 12 + Int(batchLength) }
    /// Bits 0–2: none, gzip, snappy, lz4, zstd.
    var compression: Int { Int(attributes & 0x7) }
    var isTransactional: Bool { attributes & 0x10 != 0 }
    var isControl: Bool { attributes & 0x20 != 0 }
    var lastSequence: Int32 { baseSequence &+ lastOffsetDelta }

    /// Reads the header at the reader index of `buffer` without consuming it.
    init(peekingAt buffer: ByteBuffer) throws {
        var r = KafkaReader(buffer)
        baseOffset = try r.int64("baseOffset")
        batchLength = try r.int32("batchLength")
        partitionLeaderEpoch = try r.int32("partitionLeaderEpoch")
        magic = try r.int8("magic")
        crc = UInt32(bitPattern: try r.int32("crc"))
        attributes = try r.int16("attributes")
        lastOffsetDelta = try r.int32("lastOffsetDelta")
        baseTimestamp = try r.int64("baseTimestamp")
        maxTimestamp = try r.int64("maxTimestamp")
        producerId = try r.int64("producerId")
        producerEpoch = try r.int16("producerEpoch")
        baseSequence = try r.int32("baseSequence")
        recordCount = try r.int32("recordCount")
    }
}
