import CCurl
import Foundation

/// An HTTP response as libcurl received it.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public let status: Int
    /// Header fields in arrival order; names as sent.
    public let headers: [(name: String, value: String)]
    /// The body bytes, decoded if the server compressed them.
    public let body: [UInt8]

    /// The first value of `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// HTTP over libcurl's easy interface: one blocking transfer per call, on a handle from a shared pool so
/// that connections to the same server are kept alive between calls.
/// Redirects are followed (at most 5) and compressed answers (gzip, deflate) decoded.
///
/// It is the client the platform uses for every HTTP source and for S3, so that what the tests exercise
/// against the emulators is the same code that talks to WireMock and MinIO in compose.
public struct CurlHTTPClient: Sendable {
    /// The whole-transfer timeout.
    public var timeoutMilliseconds: Int

    /// Creates a client with a transfer timeout.
    public init(timeoutMilliseconds: Int = 30_000) {
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Sends a GET to `url` and returns the response, whatever its status.
    public func get(_ url: String) throws -> HTTPResponse {
        try perform(HTTPRequest(method: "GET", url: url))
    }

    /// Sends `request` and returns the response, whatever its status; transport failures throw ``CurlError``.
    public func perform(_ request: HTTPRequest) throws -> HTTPResponse {
        try perform(request, uploadingFrom: nil, downloadingTo: nil)
    }

    /// Sends `request` with its body read from `file` instead of memory, and/or writes a 2xx answer's body
    /// to the open descriptor `download` as it arrives, so neither side of a large object is ever held whole.
    ///
    /// `request.body` is ignored when `file` is given. Only a 2xx body goes to `download`; any other answer's
    /// body (an error document) is kept in the returned response as usual, so callers can read the error and
    /// the file receives nothing but the object. A failing read or write aborts the transfer with ``CurlError``.
    public func perform(
        _ request: HTTPRequest, uploadingFrom file: HTTPFileBody?, downloadingTo download: Int32?
    ) throws -> HTTPResponse {
        guard let handle = CurlHandlePool.shared.take() else { throw CurlError(CURLE_FAILED_INIT) }
        defer { CurlHandlePool.shared.give(back: handle) }
        let transfer = try CurlTransfer(
            handle: handle, request: request, timeoutMilliseconds: timeoutMilliseconds, uploadingFrom: file,
            downloadingTo: download)
        try withExtendedLifetime(transfer) { try check(curl_easy_perform(handle)) }
        return try transfer.response()
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else { throw CurlError(code) }
    }
}

/// A byte range of a file to send as a request body: `length` bytes from `offset`.
public struct HTTPFileBody: Sendable {
    /// The file's path.
    public var path: String
    /// Where the body starts in the file.
    public var offset: Int64
    /// How many bytes to send.
    public var length: Int64

    /// Describes `length` bytes of the file at `path` starting at `offset`.
    public init(path: String, offset: Int64 = 0, length: Int64) {
        self.path = path
        self.offset = offset
        self.length = length
    }
}
