#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Emulators

/// A deliberately plain HTTP/1.1 client over a blocking socket, signing with SigV4 as boto3 does,
/// so the server tests see exactly the bytes a real client would get back.
struct S3TestClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The `<Code>` of an XML error body.
        var errorCode: String? {
            guard let start = text.range(of: "<Code>"), let end = text.range(of: "</Code>") else { return nil }
            return String(text[start.upperBound..<end.lowerBound])
        }
    }

    let port: Int
    let accessKey: String
    let secretKey: String

    /// Sends one request (`Connection: close`) and reads the whole response.
    func send(_ method: String, _ path: String, body: [UInt8] = [], headers extra: [String: String] = [:],
              sign: Bool = true) throws -> Response {
        var headers = extra
        headers["host"] = "127.0.0.1:\(port)"
        headers["connection"] = "close"
        if !body.isEmpty || method == "PUT" || method == "POST" { headers["content-length"] = String(body.count) }
        if sign { signHeaders(&headers, method: method, path: path, body: body) }
        var request = "\(method) \(path) HTTP/1.1\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        return try exchange(Array(request.utf8) + body)
    }

    private func signHeaders(_ headers: inout [String: String], method: String, path: String, body: [UInt8]) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var time = ts.tv_sec
        var t = tm()
        gmtime_r(&time, &t)
        func pad(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let date = "\(t.tm_year + 1900)\(pad(t.tm_mon + 1))\(pad(t.tm_mday))"
        let amzDate = "\(date)T\(pad(t.tm_hour))\(pad(t.tm_min))\(pad(t.tm_sec))Z"
        headers["x-amz-date"] = amzDate
        let payloadHash = SigV4Signing.sha256Hex(body)
        headers["x-amz-content-sha256"] = payloadHash
        let names = headers.keys.sorted()
        let parts = path.split(separator: "?", maxSplits: 1)
        let decodedPath = String(parts[0]).removingPercentEncoding()
        let query: [(String, String)] = parts.count < 2 ? [] : parts[1].split(separator: "&").map { item in
            let pair = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding() }
            return (pair[0], pair.count > 1 ? pair[1] : "")
        }
        let canonical = SigV4Signing.canonicalRequest(method: method, path: decodedPath, query: query,
                                                      headers: names.map { ($0, headers[$0]!) }, payloadHash: payloadHash)
        let scope = "\(date)/us-east-1/s3/aws4_request"
        let key = SigV4Signing.signingKey(secret: secretKey, date: date, region: "us-east-1", service: "s3")
        let signature = SigV4Signing.signature(
            SigV4Signing.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical), key: key)
        headers["authorization"] = "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"
    }

    private func exchange(_ bytes: [UInt8]) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.socket }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestClientError.connect }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw TestClientError.write }
            sent += n
        }
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return try Self.parse(received)
    }

    private static func parse(_ bytes: [UInt8]) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<($0 + 4)]) == separator }) else {
            throw TestClientError.malformedResponse
        }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).split(separator: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw TestClientError.malformedResponse }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...].drop { $0 == " " })
        }
        return Response(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}

enum TestClientError: Error {
    case socket, connect, write, malformedResponse
}

extension String {
    /// `%XX` decoded; the tests only use ASCII escapes.
    func removingPercentEncoding() -> String {
        var out = [UInt8]()
        var bytes = Array(utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "%"), bytes.count >= 2, let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
