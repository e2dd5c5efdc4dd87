/// Polling a batch of records for the platform's consumers (stream ingest, sales sink, webhook worker,
/// bronze sink).
extension KafkaConsumer {
    /// When a batch being polled closes.
    public enum BatchWindow: Sendable {
        /// `window` after the call, whatever arrived.
        case fromStart(Duration)
        /// `window` after the batch's first record; with nothing in `idle`, the batch closes empty.
        case fromFirstRecord(Duration, idle: Duration)
    }

    /// Up to `limit` records, polled on a Dispatch thread so the wait holds no thread of the cooperative
    /// pool. A broker being away (a retryable Kafka error: restarting, unreachable) is waited out, as
    /// librdkafka reconnects by itself; any other error is thrown.
    public func pollBatch(upTo limit: Int, closing window: BatchWindow) async throws -> [KafkaRecord] {
        try await BlockingWork.run { try self.pollBatchBlocking(upTo: limit, closing: window) }
    }

    private func pollBatchBlocking(upTo limit: Int, closing window: BatchWindow) throws -> [KafkaRecord] {
        var batch: [KafkaRecord] = []
        batch.reserveCapacity(min(limit, 4096))
        var deadline: ContinuousClock.Instant
        switch window {
        case .fromStart(let duration): deadline = .now + duration
        case .fromFirstRecord(_, let idle): deadline = .now + idle
        }
        while batch.count < limit {
            let remaining = deadline - .now
            guard remaining > .zero else { break }
            let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
            do {
                guard let record = try poll(timeoutMilliseconds: Int32(clamping: max(1, milliseconds))) else { continue }
                if batch.isEmpty, case .fromFirstRecord(let duration, _) = window { deadline = .now + duration }
                batch.append(record)
            } catch let error as KafkaError where RetryPolicy.isRetryable(error) {
                continue
            }
        }
        return batch
    }
}
