import CCurl
import Foundation

/// An HTTP response as libcurl received it.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public let status: Int
    /// The final response's header lines as received (`Name: value` and the line end, one after another);
    /// kept as bytes and read on demand, because most callers only look at the status.
    let headerLines: [UInt8]
    /// The body bytes, decoded if the server compressed them.
    public let body: [UInt8]

    /// Header fields in arrival order; names as sent.
    public var headers: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        forEachField { name, value in
            fields.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            return false
        }
        return fields
    }

    /// The first value of `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = Array(name.utf8)
        var found: String?
        forEachField { fieldName, value in
            guard fieldName.count == wanted.count,
                zip(fieldName, wanted).allSatisfy({ Self.lowercased($0) == Self.lowercased($1) })
            else { return false }
            found = String(decoding: value, as: UTF8.self)
            return true
        }
        return found
    }

    /// Calls `body` with each field's name and value (spaces around the value trimmed) until it returns true.
    private func forEachField(_ body: (ArraySlice<UInt8>, ArraySlice<UInt8>) -> Bool) {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a }
        var lineStart = 0
        while lineStart < headerLines.count {
            let lineEnd = headerLines[lineStart...].firstIndex(of: 0x0a).map { $0 + 1 } ?? headerLines.count
            defer { lineStart = lineEnd }
            guard let colon = headerLines[lineStart..<lineEnd].firstIndex(of: UInt8(ascii: ":")) else { continue }
            var start = colon + 1
            var end = lineEnd
            while start < end, isSpace(headerLines[start]) { start += 1 }
            while end > start, isSpace(headerLines[end - 1]) { end -= 1 }
            if body(headerLines[lineStart..<colon], headerLines[start..<end]) { return }
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}

/// HTTP over libcurl's easy interface: one blocking transfer per call, on a handle from a shared pool so
/// that connections to the same server are kept alive between calls.
/// Redirects are followed (at most 5) and compressed answers (gzip, deflate) decoded, unless the request
/// asks for the body as sent (``HTTPRequest/decodesContent``, as S3 requests do).
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
