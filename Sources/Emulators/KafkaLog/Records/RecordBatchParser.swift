import NIOCore

/// Splits a produce request's record set into validated v2 batches.
enum RecordBatchParser {
    /// One batch as produced: its header and its bytes, header included.
    struct Batch: Sendable {
        var header: RecordBatchHeader
        var bytes: ByteBuffer
    }

    /// Every batch in `records`, each checked for magic 2, a consistent length and a matching CRC-32C.
    static func batches(in records: ByteBuffer) throws(RecordBatchError) -> [Batch] {
        var rest = records
        var out: [Batch] = []
        while rest.readableBytes > 0 {
            guard rest.readableBytes >= RecordBatchHeader.size,
                  let header = try? RecordBatchHeader(peekingAt: rest) else { throw .truncated }
            guard header.magic == 2 else { throw .unsupportedMagic(header.magic) }
            guard header.batchLength >= Int32(RecordBatchHeader.size - 12),
                  header.totalSize <= rest.readableBytes,
                  let bytes = rest.readSlice(length: header.totalSize) else { throw .truncated }
            guard header.recordCount >= 0, header.lastOffsetDelta >= 0,
                  header.recordCount == 0 || header.lastOffsetDelta >= header.recordCount - 1 else { throw .inconsistentCounts }
            let actual = bytes.withUnsafeReadableBytes { raw in
                CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[RecordBatchHeader.crcRangeStart...]))
            }
            guard actual == header.crc else { throw .crcMismatch(expected: header.crc, actual: actual) }
            out.append(Batch(header: header, bytes: bytes))
        }
        return out
    }
}
