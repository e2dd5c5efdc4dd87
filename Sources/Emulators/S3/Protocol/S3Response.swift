import NIOCore
import NIOHTTP1

/// What the S3 layer answers one request with: a status, headers and a body the channel handler writes out.
///
/// Kept free of NIO channel types so that operations can be tested by calling them and reading the result.
public struct S3Response: Sendable {
    /// The HTTP status.
    public var status: HTTPResponseStatus
    /// Response headers; `Content-Length` is added by the server from ``body`` unless already set (HEAD).
    public var headers: HTTPHeaders
    /// The body; empty for HEAD and for most writes.
    public var body: ByteBuffer

    init(status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A 200 with an XML document as its body.
    static func xml(_ document: XMLWriter, status: HTTPResponseStatus = .ok) -> S3Response {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/xml")
        return S3Response(status: status, headers: headers, body: ByteBuffer(string: document.finish()))
    }

    /// The response S3 gives for `error`: its status and, except for HEAD and 304, the XML body
    /// `<Error><Code/><Message/>…<RequestId/></Error>`.
    static func error(_ error: S3Error, resource: String, requestID: String, includeBody: Bool) -> S3Response {
        var headers = HTTPHeaders()
        guard includeBody, error.status != .notModified else {
            return S3Response(status: error.status, headers: headers)
        }
        var xml = XMLWriter()
        xml.open("Error", namespace: false)
        xml.element("Code", error.code)
        xml.element("Message", error.message)
        if let bucket = error.bucket { xml.element("BucketName", bucket) }
        if let key = error.key { xml.element("Key", key) }
        xml.element("Resource", resource)
        xml.element("RequestId", requestID)
        xml.element("HostId", requestID)
        xml.close("Error")
        headers.add(name: "Content-Type", value: "application/xml")
        return S3Response(status: error.status, headers: headers, body: ByteBuffer(string: xml.finish()))
    }
}
