import NIOCore
@testable import Emulators

/// Builds uncompressed record batches v2 the way a producer does, CRC included, for tests.
struct RecordBatchBuilder {
    var baseTimestamp: Int64 = 1_700_000_000_000
    var producerId: Int64 = -1
    var producerEpoch: Int16 = -1
    var baseSequence: Int32 = -1
    var magic: Int8 = 2
    var records: [(key: String?, value: String?, timestampDelta: Int64)] = []

    func build() -> ByteBuffer {
        var body = ByteBuffer()
        for (i, r) in records.enumerated() {
            var record = ByteBuffer()
            record.writeInteger(Int8(0))
            record.writeVarlong(r.timestampDelta)
            record.writeVarint(Int32(i))
            if let key = r.key { record.writeVarint(Int32(key.utf8.count)); record.writeString(key) } else { record.writeVarint(-1) }
            if let value = r.value { record.writeVarint(Int32(value.utf8.count)); record.writeString(value) } else { record.writeVarint(-1) }
            record.writeVarint(0)
            body.writeVarint(Int32(record.readableBytes))
            body.writeBuffer(&record)
        }
        var batch = ByteBuffer()
        batch.writeInteger(Int64(0))
        batch.writeInteger(Int32(0))  // length, set below
        batch.writeInteger(Int32(-1))
        batch.writeInteger(magic)
        batch.writeInteger(UInt32(0))  // crc, set below
        batch.writeInteger(Int16(0))
        batch.writeInteger(Int32(max(records.count - 1, 0)))
        batch.writeInteger(baseTimestamp)
        batch.writeInteger(baseTimestamp + (records.map(\.timestampDelta).max() ?? 0))
        batch.writeInteger(producerId)
        batch.writeInteger(producerEpoch)
        batch.writeInteger(baseSequence)
        batch.writeInteger(Int32(records.count))
        batch.writeBuffer(&body)
        batch.setInteger(Int32(batch.readableBytes - 12), at: 8)
        let crc = batch.withUnsafeReadableBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[RecordBatchHeader.crcRangeStart...])) }
        batch.setInteger(crc, at: 17)
        return batch
    }

    static func values(_ values: String...) -> RecordBatchBuilder {
        RecordBatchBuilder(records: values.enumerated().map { (nil, $1, Int64($0)) })
    }
}
