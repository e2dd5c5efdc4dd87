import NIOCore

/// One partition: its batches in offset order, its high watermark, and its idempotent producers.
///
/// A value type, so a test can drive it directly; ``KafkaLogStore`` holds one per partition behind its lock.
struct PartitionLog: Sendable {
    private(set) var batches: [StoredBatch] = []
    private(set) var logStartOffset: Int64 = 0
    /// The next offset to assign, which is also the high watermark: one broker, so every write is committed.
    private(set) var highWatermark: Int64 = 0
    private var producers: [Int64: ProducerSequenceState] = [:]

    /// Appends the batches of one produce request in order, stopping at the first one the idempotence check
    /// refuses, and returns the base offset the client is told (the first batch's, or the original one for
    /// a retried duplicate).
    /// With `logAppendTime`, each appended batch is stamped with that time (see ``TopicConfig``).
    mutating func append(_ incoming: [RecordBatchParser.Batch], logAppendTime: Int64? = nil) -> Result<Int64, KafkaErrorCode> {
        var firstOffset: Int64?
        for batch in incoming {
            let h = batch.header
            let idempotent = h.producerId >= 0 && h.baseSequence >= 0
            if idempotent, let state = producers[h.producerId] {
                switch state.verdict(epoch: h.producerEpoch, firstSequence: h.baseSequence, lastSequence: h.lastSequence) {
                case .append: break
                case .duplicate(let offset):
                    firstOffset = firstOffset ?? offset
                    continue
                case .reject(let code): return .failure(code)
                }
            }
            let base = highWatermark
            var bytes = batch.bytes
            bytes.setInteger(base, at: bytes.readerIndex)
            if let logAppendTime { Self.stamp(&bytes, logAppendTime) }
            batches.append(StoredBatch(
                baseOffset: base, lastOffset: base + Int64(h.lastOffsetDelta), baseTimestamp: h.baseTimestamp,
                maxTimestamp: logAppendTime ?? h.maxTimestamp, compression: h.compression, bytes: bytes))
            highWatermark = base + Int64(h.lastOffsetDelta) + 1
            if idempotent {
                var state = producers[h.producerId] ?? ProducerSequenceState(epoch: h.producerEpoch)
                state.appended(epoch: h.producerEpoch, firstSequence: h.baseSequence, lastSequence: h.lastSequence, baseOffset: base)
                producers[h.producerId] = state
            }
            firstOffset = firstOffset ?? base
        }
        return .success(firstOffset ?? highWatermark)
    }

    /// Marks a batch as LogAppendTime (attribute bit 3) with `time` as its max timestamp, and re-seals it.
    private static func stamp(_ bytes: inout ByteBuffer, _ time: Int64) {
        let start = bytes.readerIndex
        let attributes = bytes.getInteger(at: start + 21, as: Int16.self) ?? 0
        bytes.setInteger(attributes | 0x08, at: start + 21)
        bytes.setInteger(time, at: start + 35)
        let crc = bytes.withUnsafeReadableBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[RecordBatchHeader.crcRangeStart...])) }
        bytes.setInteger(crc, at: start + 17)
    }

    /// Index of the first batch holding `offset` or anything after it.
    private func batchIndex(containing offset: Int64) -> Int {
        var low = 0, high = batches.count
        while low < high {
            let mid = (low + high) / 2
            if batches[mid].lastOffset < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whole batches from the one holding `offset`, up to `maxBytes` but always at least one batch, so a
    /// record larger than the limit is still delivered (as Kafka does since KIP-74). The batches are the
    /// stored buffers themselves: a fetch answer is written from them without copying.
    func read(from offset: Int64, maxBytes: Int) -> Result<[ByteBuffer], KafkaErrorCode> {
        guard offset >= logStartOffset, offset <= highWatermark else { return .failure(.offsetOutOfRange) }
        var index = batchIndex(containing: offset)
        var size = 0
        var out: [ByteBuffer] = []
        while index < batches.count {
            let next = batches[index].bytes.readableBytes
            if size > 0 && size + next > maxBytes { break }
            out.append(batches[index].bytes)
            size += next
            index += 1
        }
        return .success(out)
    }

    /// The first offset whose timestamp is at or after `timestamp`, with that timestamp.
    ///
    /// The first batch whose max timestamp reaches `timestamp` is searched record by record
    /// (decompressed if need be); one that cannot be decoded is answered with its first offset.
    func offset(atOrAfter timestamp: Int64) -> (offset: Int64, timestamp: Int64)? {
        for batch in batches where batch.maxTimestamp >= timestamp {
            if let hit = (try? KafkaLogRecord.records(in: batch))?.first(where: { $0.timestamp >= timestamp }) {
                return (hit.offset, hit.timestamp)
            }
            return (batch.baseOffset, batch.baseTimestamp)
        }
        return nil
    }

    /// Up to `limit` records from `offset` on, for inspection, with the base offset and codec of each
    /// batch in the range that could not be decoded.
    func records(from offset: Int64, limit: Int) -> (records: [KafkaLogRecord], undecoded: [(baseOffset: Int64, codec: Int)]) {
        var records: [KafkaLogRecord] = []
        var undecoded: [(Int64, Int)] = []
        var index = batchIndex(containing: offset)
        while index < batches.count && records.count < limit {
            let batch = batches[index]
            index += 1
            guard let all = try? KafkaLogRecord.records(in: batch) else {
                undecoded.append((batch.baseOffset, batch.compression))
                continue
            }
            records += all.filter { $0.offset >= offset }.prefix(limit - records.count)
        }
        return (records, undecoded)
    }
}
