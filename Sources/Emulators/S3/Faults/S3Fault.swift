import NIOHTTP1

/// An error answer the S3 emulator gives instead of serving a request, for reliability tests.
///
/// Each renders as the XML error body real S3 sends for it, so a client's retry logic sees exactly
/// what it would see from AWS under load or during an outage.
public struct S3Fault: Sendable, Equatable {
    /// The S3 error code of the answer.
    public let code: String
    /// The HTTP status of the answer.
    public let status: Int
    let message: String

    /// `503 SlowDown`: S3's answer when a prefix is asked for more than it will serve right now.
    public static let slowDown = S3Fault(code: "SlowDown", status: 503, message: "Please reduce your request rate.")
    /// `503 ServiceUnavailable`: the service is briefly unable to answer.
    public static let serviceUnavailable = S3Fault(
        code: "ServiceUnavailable", status: 503, message: "Service is unable to handle request.")
    /// `500 InternalError`: S3's generic "try again".
    public static let internalError = S3Fault(
        code: "InternalError", status: 500, message: "We encountered an internal error. Please try again.")

    var error: S3Error {
        S3Error(code, HTTPResponseStatus(statusCode: status), message)
    }
}
