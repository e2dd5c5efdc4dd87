/// What one idempotent producer last wrote to one partition: enough to drop a retried batch and to
/// refuse a batch that skips ahead.
///
/// Kafka keeps the last five batches per producer because a producer has at most five requests in
/// flight; a retry of any of them is answered with the offset it got the first time.
struct ProducerSequenceState: Sendable, Equatable {
    static let retainedBatches = 5

    struct Written: Sendable, Equatable {
        var firstSequence: Int32
        var lastSequence: Int32
        var baseOffset: Int64
    }

    /// What to do with an incoming batch.
    enum Verdict: Sendable, Equatable {
        case append
        case duplicate(baseOffset: Int64)
        case reject(KafkaErrorCode)
    }

    private(set) var epoch: Int16
    private(set) var recent: [Written] = []

    init(epoch: Int16) { self.epoch = epoch }

    func verdict(epoch batchEpoch: Int16, firstSequence: Int32, lastSequence: Int32) -> Verdict {
        if batchEpoch < epoch { return .reject(.invalidProducerEpoch) }
        if batchEpoch > epoch { return firstSequence == 0 ? .append : .reject(.outOfOrderSequenceNumber) }
        if let same = recent.first(where: { $0.firstSequence == firstSequence && $0.lastSequence == lastSequence }) {
            return .duplicate(baseOffset: same.baseOffset)
        }
        guard let last = recent.last else { return .append }
        return firstSequence == last.lastSequence &+ 1 ? .append : .reject(.outOfOrderSequenceNumber)
    }

    mutating func appended(epoch batchEpoch: Int16, firstSequence: Int32, lastSequence: Int32, baseOffset: Int64) {
        if batchEpoch != epoch {
            epoch = batchEpoch
            recent.removeAll()
        }
        recent.append(Written(firstSequence: firstSequence, lastSequence: lastSequence, baseOffset: baseOffset))
        if recent.count > Self.retainedBatches { recent.removeFirst() }
    }
}
