import CCurl
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        let sink = ResponseSink()
        sink.download = download
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
        var source: UploadSource?
        defer { source?.close() }
        if let file {
            let opened = try UploadSource(file)
            source = opened
            // UPLOAD makes libcurl pull the body through the read callback, a buffer at a time; the method
            // set above (CUSTOMREQUEST) still names the verb on the wire.
            try check(sluice_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
            try check(sluice_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(file.length)))
            try check(sluice_curl_setopt_read_function(handle, UploadSource.read))
            try check(sluice_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(opened).toOpaque()))
        } else if let body = request.body {
            // COPYPOSTFIELDS copies the bytes into the handle, so the body's lifetime cannot end mid-transfer;
            // the size must be set first or libcurl would stop at the first zero byte.
            try check(sluice_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            try body.withUnsafeBytes { bytes in
                try check(sluice_curl_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(emptyBody.utf8Start))))
            }
        }
        try withExtendedLifetime((sink, source)) { try check(curl_easy_perform(handle)) }
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

/// Feeds libcurl's read callback from a file range with `pread`, so the body never sits in memory whole.
private final class UploadSource {
    private let descriptor: Int32
    private var offset: Int64
    private var remaining: Int64

    init(_ file: HTTPFileBody) throws {
        descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CurlError(CURLE_READ_ERROR) }
        offset = file.offset
        remaining = file.length
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    static let read: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        buffer, size, count, context in
        guard let buffer, let context else { return readAbort }
        let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
        let wanted = Int(min(Int64(size * count), source.remaining))
        guard wanted > 0 else { return 0 }
        let got = pread(source.descriptor, buffer, wanted, off_t(source.offset))
        // A short file (truncated while sending) must not end the body early with a valid-looking length.
        guard got > 0 else { return readAbort }
        source.offset += Int64(got)
        source.remaining -= Int64(got)
        return got
    }

    /// `CURL_READFUNC_ABORT`, a macro Swift does not import.
    private static let readAbort = 0x1000_0000
}

/// Collects what libcurl's callbacks hand over during one transfer.
private final class ResponseSink {
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// Where a 2xx body goes instead of `body`, when the caller streams to a file.
    var download: Int32?
    /// The status of the response being received, from its status line.
    var status = 0

    static let receiveBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        if let download = sink.download, (200..<300).contains(sink.status) {
            var written = 0
            while written < length {
                let result = write(download, data + written, length - written)
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { return 0 }  // anything short of `length` makes libcurl fail the transfer
                written += result
            }
            return length
        }
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
            let fields = line.split(separator: " ", maxSplits: 2)
            sink.status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            sink.headers.removeAll()  // a new response (after 100-continue or a redirect) starts its own headers
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            sink.headers.append((name, value))
        }
        return length
    }
}
