/// Retrying any throwing operation (an S3 write, a registry insert) under the same policy as HTTP fetches.
extension RetryPolicy {
    /// Whether a failed storage, HTTP or Kafka call is worth trying again: an S3 answer of 5xx or 429
    /// (SlowDown, InternalError, ServiceUnavailable), a transport fault ``isRetryable(_:)-(CurlError)``
    /// accepts, or a Kafka error of a broker being away (``transientKafkaCodes``). Any other answer
    /// (AccessDenied, a refused write-once overwrite…) would come back the same.
    public static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as S3ResponseError: isRetryable(status: error.status)
        case let error as CurlError: isRetryable(error)
        case let error as KafkaError: transientKafkaCodes.contains(error.code)
        default: false
        }
    }

    /// Kafka errors that pass when a broker comes back or a coordinator moves: librdkafka's transport
    /// (-195), all-brokers-down (-187), timed-out (-185, -192 in queue) and wait-coordinator (-180), and
    /// the broker codes REQUEST_TIMED_OUT (7), NETWORK_EXCEPTION (13), COORDINATOR_LOAD_IN_PROGRESS (14),
    /// COORDINATOR_NOT_AVAILABLE (15), NOT_COORDINATOR (16) and REBALANCE_IN_PROGRESS (27).
    public static let transientKafkaCodes: Set<Int32> = [-195, -192, -187, -185, -180, 7, 13, 14, 15, 16, 27]

    /// Runs `operation` until it succeeds, fails with an error that is not retryable, or has failed
    /// ``maxAttempts`` times, sleeping the policy's backoff between attempts.
    ///
    /// Throws the operation's own error when it is not retryable, and ``RetryExhaustedError`` (carrying
    /// the last error and the attempt count) after the last retry, so the caller can dead-letter it.
    /// Each retry counts in `sluice_retries_total{target}` (`s3`, `kafka`, …: what the operation talks to).
    public func run<Value>(
        target: String, metrics: SluiceMetrics = SluiceMetrics(), _ operation: () throws -> Value
    ) async throws -> Value {
        var attempt = 1
        while true {
            do {
                return try operation()
            } catch {
                guard Self.isRetryable(error) else { throw error }
                guard attempt < maxAttempts else { throw RetryExhaustedError(last: error, attempts: attempt) }
                metrics.retries(target: target).increment()
                try await Task.sleep(for: delay(afterAttempt: attempt, retryAfter: nil))
                attempt += 1
            }
        }
    }

    /// Runs `operation` over many items at once and retries, item by item, those that failed with a
    /// retryable error, sleeping the policy's backoff between rounds; for batched work such as many S3
    /// PUTs in flight together, where one call yields an outcome per item.
    ///
    /// `operation` gets the indices (into `0..<count`) still to do and returns one outcome per index, in
    /// the same order. Returns every item's value, or ``RetryExhaustedError`` for an item still failing
    /// after ``maxAttempts``; throws the first error that is not retryable, as ``run(target:metrics:_:)``
    /// does. Each item retried counts in `sluice_retries_total{target}`.
    public func runEach<Value>(
        count: Int, target: String, metrics: SluiceMetrics = SluiceMetrics(),
        _ operation: ([Int]) async -> [Result<Value, any Error>]
    ) async throws -> [Result<Value, RetryExhaustedError>] {
        var outcomes = [Result<Value, RetryExhaustedError>?](repeating: nil, count: count)
        var pending = Array(0..<count)
        var attempt = 1
        while !pending.isEmpty {
            let results = await operation(pending)
            precondition(results.count == pending.count, "runEach: one outcome per index")
            var again: [Int] = []
            for (index, result) in zip(pending, results) {
                switch result {
                case .success(let value):
                    outcomes[index] = .success(value)
                case .failure(let error):
                    guard Self.isRetryable(error) else { throw error }
                    if attempt < maxAttempts {
                        again.append(index)
                    } else {
                        outcomes[index] = .failure(RetryExhaustedError(last: error, attempts: attempt))
                    }
                }
            }
            guard !again.isEmpty else { break }
            metrics.retries(target: target).increment(by: again.count)
            try await Task.sleep(for: delay(afterAttempt: attempt, retryAfter: nil))
            attempt += 1
            pending = again
        }
        return outcomes.map { $0! }
    }
}
