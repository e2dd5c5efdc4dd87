/// A retryable failure that outlasted every attempt of its ``RetryPolicy``.
public struct RetryExhaustedError: Error, CustomStringConvertible {
    /// The error of the last attempt.
    public let last: any Error
    /// Attempts made, the first included.
    public let attempts: Int

    public var description: String { "\(last), after \(attempts) attempts" }
}
