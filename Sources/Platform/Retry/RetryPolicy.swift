import Foundation

/// When and how long to wait before trying an HTTP request again.
///
/// Exponential backoff with full jitter (a random wait between 0 and base·2^attempt, capped), so that
/// many clients failing together do not retry together; a server's `Retry-After` wins when it asks
/// for longer. Retried: 5xx and 429 answers, timeouts and connection faults. Not retried: other 4xx,
/// which the same request will get again.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The backoff scale of the first retry.
    public var baseDelay: Duration
    /// The longest wait between two attempts, `Retry-After` included.
    public var maxDelay: Duration

    /// Creates a policy.
    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Whether an answer with `status` should be tried again.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// Whether a transport failure should be tried again: timeouts, refused or reset connections,
    /// empty or broken replies (libcurl codes 6, 7, 18, 28, 52, 55, 56).
    public static func isRetryable(_ error: CurlError) -> Bool {
        [6, 7, 18, 28, 52, 55, 56].contains(error.code)
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), given the server's `Retry-After`.
    public func delay(afterAttempt attempt: Int, retryAfter: String?, now: Date = Date()) -> Duration {
        let exponent = min(attempt - 1, 20)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        let jittered = ceiling * Double.random(in: 0...1)
        guard let retryAfter, let asked = Self.parseRetryAfter(retryAfter, now: now) else { return jittered }
        return min(max(asked, jittered), maxDelay)
    }

    /// `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3).
    static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSince(now) * 1000)))
    }
}
