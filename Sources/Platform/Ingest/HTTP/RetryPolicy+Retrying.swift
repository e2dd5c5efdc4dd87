/// Retrying any throwing operation (an S3 write, a registry insert) under the same policy as HTTP fetches.
extension RetryPolicy {
    /// Whether a failed storage or HTTP call is worth trying again: an S3 answer of 5xx or 429 (SlowDown,
    /// InternalError, ServiceUnavailable) or a transport fault ``isRetryable(_:)-(CurlError)`` accepts.
    /// Any other answer (AccessDenied, a refused write-once overwrite…) would come back the same.
    public static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as S3ResponseError: isRetryable(status: error.status)
        case let error as CurlError: isRetryable(error)
        default: false
        }
    }

    /// Runs `operation` until it succeeds, fails with an error that is not retryable, or has failed
    /// ``maxAttempts`` times, sleeping the policy's backoff between attempts.
    ///
    /// Throws the operation's own error when it is not retryable, and ``RetryExhaustedError`` (carrying
    /// the last error and the attempt count) after the last retry, so the caller can dead-letter it.
    public func run<Value>(_ operation: () throws -> Value) async throws -> Value {
        var attempt = 1
        while true {
            do {
                return try operation()
            } catch {
                guard Self.isRetryable(error) else { throw error }
                guard attempt < maxAttempts else { throw RetryExhaustedError(last: error, attempts: attempt) }
                try await Task.sleep(for: delay(afterAttempt: attempt, retryAfter: nil))
                attempt += 1
            }
        }
    }
}
