/// One committed batch of a ``PostgresSalesSink``, handed to its observer (the benchmark, tests).
public struct SalesSinkBatch: Sendable {
    /// Events in the batch (valid and dead-lettered).
    public let events: Int
    /// Rows it inserted.
    public let inserted: Int
    /// Events it sent to the dead-letter topic.
    public let deadLettered: Int
    /// Time spent in the database transaction, retries included.
    public let writeDuration: Duration
    /// When the offsets were committed, in milliseconds since the epoch.
    public let committedAtMilliseconds: Int64
    /// The broker timestamp (produce time) of each event, in milliseconds since the epoch, where known.
    public let producedAtMilliseconds: [Int64]
}
