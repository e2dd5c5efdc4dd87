/// An error answer from an S3 server: the S3 error code from the XML body, its message and the HTTP status.
///
/// The code is S3's own (`NoSuchKey`, `AccessDenied`, `PreconditionFailed`, `SignatureDoesNotMatch`…),
/// so callers decide on the same values AWS documents, whichever server answered.
public struct S3ResponseError: Error, CustomStringConvertible, Sendable {
    /// S3's error code, or `HTTP<status>` when the body carried none (HEAD answers have no body).
    public let code: String
    /// The server's message, if any.
    public let message: String
    /// The HTTP status of the answer.
    public let status: Int
    /// The bucket and key the request addressed.
    public let resource: String

    /// Reads the error from a non-2xx response.
    init(response: HTTPResponse, resource: String) {
        let document = S3XML(response.body)
        self.code = document.first("Code") ?? "HTTP\(response.status)"
        self.message = document.first("Message") ?? ""
        self.status = response.status
        self.resource = resource
    }

    public var description: String {
        "S3 \(code) (HTTP \(status)) on \(resource)" + (message.isEmpty ? "" : ": \(message)")
    }
}
