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

/// HTTP over libcurl's easy interface: one blocking transfer per call, a fresh handle each time.
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
        guard let handle = curl_easy_init() else { throw CurlError(CURLE_FAILED_INIT) }
        defer { curl_easy_cleanup(handle) }
        let sink = ResponseSink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        try check(sluice_curl_setopt_string(handle, CURLOPT_URL, request.url))
        try check(sluice_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds))
        try check(sluice_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(sluice_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        try check(sluice_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1))
        try check(sluice_curl_setopt_long(handle, CURLOPT_MAXREDIRS, 5))
        try check(sluice_curl_setopt_write_function(handle, ResponseSink.receiveBody))
        try check(sluice_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(sluice_curl_setopt_header_function(handle, ResponseSink.receiveHeader))
        try check(sluice_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        switch request.method {
        case "GET": break
        case "HEAD": try check(sluice_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
        default: try check(sluice_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
        }
        // No `Name;` (empty value) or `Name:` (removal) entries: libcurl 7.88's SigV4 signer lists such
        // headers as signed with a malformed name, and every signature check then fails.
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        try check(sluice_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList))
        if let signature = request.signature {
            try check(sluice_curl_setopt_string(handle, CURLOPT_AWS_SIGV4, signature.curlProvider))
            try check(sluice_curl_setopt_string(handle, CURLOPT_USERNAME, signature.accessKey))
            try check(sluice_curl_setopt_string(handle, CURLOPT_PASSWORD, signature.secretKey))
        }
        if let body = request.body {
            // COPYPOSTFIELDS copies the bytes into the handle, so the body's lifetime cannot end mid-transfer;
            // the size must be set first or libcurl would stop at the first zero byte.
            try check(sluice_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            try body.withUnsafeBytes { bytes in
                try check(sluice_curl_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(emptyBody.utf8Start))))
            }
        }
        try withExtendedLifetime(sink) { try check(curl_easy_perform(handle)) }
        var status = 0
        try check(sluice_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else { throw CurlError(code) }
    }
}

/// A permanent, valid address for a zero-length body (a nil pointer would make libcurl read a C string).
private let emptyBody: StaticString = ""

/// Collects what libcurl's callbacks hand over during one transfer.
private final class ResponseSink {
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    static let receiveBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
        }
        return length
    }

    static let receiveHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            sink.headers.removeAll()  // a new response (after 100-continue or a redirect) starts its own headers
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            sink.headers.append((name, value))
        }
        return length
    }
}
