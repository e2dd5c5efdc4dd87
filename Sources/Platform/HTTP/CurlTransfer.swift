import CCurl
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request set up on a libcurl easy handle, with the state its callbacks fill in while it runs.
///
/// Whoever drives the handle (``CurlHTTPClient`` with `curl_easy_perform`, ``CurlMultiClient`` with
/// the multi interface) keeps the transfer alive until the handle is done: libcurl calls back into its
/// sink and upload source through unretained pointers, and reads its header list while sending.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    private let sink = ResponseSink()
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var source: UploadSource?

    /// Sets `handle` up for `request`: `request.body` is sent unless `file` is given, and a 2xx body goes to
    /// `download` when it is given (see ``CurlHTTPClient/perform(_:uploadingFrom:downloadingTo:)``).
    init(
        handle: UnsafeMutableRawPointer, request: HTTPRequest, timeoutMilliseconds: Int, uploadingFrom file: HTTPFileBody? = nil,
        downloadingTo download: Int32? = nil
    ) throws {
        self.handle = handle
        sink.download = download
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(sluice_curl_setopt_string(handle, CURLOPT_URL, request.url))
        try check(sluice_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds))
        try check(sluice_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        if request.decodesContent {
            try check(sluice_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        } else {
            try check(sluice_curl_setopt_long(handle, CURLOPT_HTTP_CONTENT_DECODING, 0))
        }
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
            headerList = Self.appending(name, value, to: headerList)
        }
        try check(sluice_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList))
        if let signature = request.signature {
            try check(sluice_curl_setopt_string(handle, CURLOPT_AWS_SIGV4, signature.curlProvider))
            try check(sluice_curl_setopt_string(handle, CURLOPT_USERNAME, signature.accessKey))
            try check(sluice_curl_setopt_string(handle, CURLOPT_PASSWORD, signature.secretKey))
        }
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
    }

    deinit {
        curl_slist_free_all(headerList)
        source?.close()
    }

    /// The response received, once the handle's transfer has completed.
    func response() throws -> HTTPResponse {
        var status = 0
        try check(sluice_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        return HTTPResponse(status: status, headerLines: sink.headerLines, body: sink.body)
    }

    /// `list` with the line `name: value` appended (libcurl copies it), written into a stack buffer
    /// rather than through a Swift string and its C copy.
    private static func appending(_ name: String, _ value: String, to list: UnsafeMutablePointer<curl_slist>?)
        -> UnsafeMutablePointer<curl_slist>?
    {
        let length = name.utf8.count + 2 + value.utf8.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length + 1) { line in
            var end = line.initialize(fromContentsOf: name.utf8)
            end = line[end...].initialize(fromContentsOf: ": ".utf8)
            end = line[end...].initialize(fromContentsOf: value.utf8)
            line[end] = 0
            return line.withMemoryRebound(to: CChar.self) { curl_slist_append(list, $0.baseAddress) }
        }
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else { throw CurlError(code) }
    }
}

/// A permanent, valid address for a zero-length body (a nil pointer would make libcurl read a C string).
private let emptyBody: StaticString = ""

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
    /// The header lines of the response being received, as ``HTTPResponse`` keeps them.
    var headerLines: [UInt8] = []
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
        data.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
            let line = UnsafeBufferPointer(start: pointer, count: length)
            if line.starts(with: "HTTP/".utf8) {
                // `HTTP/1.1 200 OK`: the digits after the first space. A new response (after 100-continue or a
                // redirect) starts its own headers.
                sink.status = 0
                if let space = line.firstIndex(of: 0x20) {
                    for byte in line[(space + 1)...].prefix(while: { $0 >= 0x30 && $0 <= 0x39 }) {
                        sink.status = sink.status * 10 + Int(byte - 0x30)
                    }
                }
                sink.headerLines.removeAll(keepingCapacity: true)
            } else if line.contains(UInt8(ascii: ":")) {
                // Kept as bytes: most responses are only looked at for their status (``HTTPResponse/header(_:)``).
                sink.headerLines.append(contentsOf: line)
            }
        }
        return length
    }
}
