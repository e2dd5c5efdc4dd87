/// How a ``PostgresSalesSink`` batches, stops and retries.
public struct SalesSinkOptions: Sendable {
    /// Events per batch at most.
    public var batchSize: Int
    /// A batch closes after this long even when not full (the "N events or T milliseconds" rule).
    public var batchWindow: Duration
    /// Stop after this many events were committed (nil: no limit).
    public var maxEvents: Int?
    /// Stop after this long without an event (nil: run until cancelled).
    public var idleTimeout: Duration?
    /// The first wait after a failed write; it doubles per failure up to ``maxRetryDelay``.
    public var baseRetryDelay: Duration
    /// The longest wait between two write attempts. The sink never gives up on an unreachable database:
    /// it keeps the batch, and its offsets, until the write succeeds.
    public var maxRetryDelay: Duration

    /// Creates options; the defaults suit a 100k events/s stream on a small machine.
    public init(
        batchSize: Int = 10_000, batchWindow: Duration = .milliseconds(200), maxEvents: Int? = nil,
        idleTimeout: Duration? = nil, baseRetryDelay: Duration = .milliseconds(100), maxRetryDelay: Duration = .seconds(5)
    ) {
        self.batchSize = max(1, batchSize)
        self.batchWindow = batchWindow
        self.maxEvents = maxEvents
        self.idleTimeout = idleTimeout
        self.baseRetryDelay = baseRetryDelay
        self.maxRetryDelay = maxRetryDelay
    }

    /// The wait after the `failures`-th consecutive failed write (1-based): base · 2^(failures−1), capped.
    public func retryDelay(afterFailures failures: Int) -> Duration {
        min(baseRetryDelay * (1 << min(max(failures - 1, 0), 20)), maxRetryDelay)
    }
}
