import NIOCore

/// Walks the records of an uncompressed batch to find timestamps, for ListOffsets by time.
enum RecordTimestamps {
    static func first(in batch: StoredBatch, atOrAfter timestamp: Int64) -> (offset: Int64, timestamp: Int64)? {
        var r = KafkaReader(batch.bytes)
        guard (try? r.slice(length: RecordBatchHeader.size, "header")) != nil else { return nil }
        while r.remaining > 0 {
            guard let length = try? r.varint("length"), var record = try? KafkaReader(r.slice(length: Int(length), "record")),
                  (try? record.int8("attributes")) != nil,
                  let delta = try? record.varlong("timestampDelta"),
                  let offsetDelta = try? record.varint("offsetDelta") else { return nil }
            let ts = batch.baseTimestamp + delta
            if ts >= timestamp { return (batch.baseOffset + Int64(offsetDelta), ts) }
        }
        return nil
    }
}
