import NIOCore

/// One record as the inspection API shows it, read from an uncompressed stored batch.
public struct KafkaLogRecord: Sendable, Equatable {
    public var offset: Int64
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [Header]

    /// A record header: a name and an optional value.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: [UInt8]?
    }

    /// The records of a stored batch, decompressed if need be, in offset order. In a LogAppendTime batch
    /// every record carries the batch's max timestamp, as consumers report it.
    static func records(in batch: StoredBatch) throws -> [KafkaLogRecord] {
        var section = batch.bytes
        section.moveReaderIndex(forwardBy: RecordBatchHeader.size)
        let attributes = batch.bytes.getInteger(at: batch.bytes.readerIndex + 21, as: Int16.self) ?? 0
        let records = try RecordBatchDecompressor.decompress(section, codec: batch.compression)
        var decoded = try Self.records(in: ByteBuffer(bytes: records), baseOffset: batch.baseOffset, baseTimestamp: batch.baseTimestamp)
        if attributes & 0x08 != 0 {
            for i in decoded.indices { decoded[i].timestamp = batch.maxTimestamp }
        }
        return decoded
    }

    /// The records of an (uncompressed) records section.
    private static func records(in section: ByteBuffer, baseOffset: Int64, baseTimestamp: Int64) throws -> [KafkaLogRecord] {
        var r = KafkaReader(section)
        var out: [KafkaLogRecord] = []
        while r.remaining > 0 {
            var record = KafkaReader(try r.slice(length: Int(try r.varint("record length")), "record"))
            _ = try record.int8("attributes")
            let timestampDelta = try record.varlong("timestampDelta")
            let offsetDelta = try record.varint("offsetDelta")
            let key = try Self.varbytes(&record)
            let value = try Self.varbytes(&record)
            let headerCount = try record.varint("header count")
            var headers: [Header] = []
            for _ in 0..<max(headerCount, 0) {
                let name = try Self.varbytes(&record).map { String(decoding: $0, as: UTF8.self) } ?? ""
                headers.append(Header(name: name, value: try Self.varbytes(&record)))
            }
            out.append(KafkaLogRecord(offset: baseOffset + Int64(offsetDelta), timestamp: baseTimestamp + timestampDelta,
                                   key: key, value: value, headers: headers))
        }
        return out
    }

    private static func varbytes(_ r: inout KafkaReader) throws -> [UInt8]? {
        let length = try r.varint("length")
        guard length >= 0 else { return nil }
        return Array(try r.slice(length: Int(length), "bytes").readableBytesView)
    }
}
