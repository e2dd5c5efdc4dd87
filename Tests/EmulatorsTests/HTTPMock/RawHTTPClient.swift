import Foundation
#if canImport(Glibc)
import Glibc

private let streamSocket = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
import Darwin

private let streamSocket = SOCK_STREAM
#endif

/// A deliberately small HTTP/1.1 client over a plain socket, so server tests see exactly what a
/// client on the wire sees, including the broken responses that faults produce (which a full
/// client library would hide behind its own error types).
struct RawHTTPClient {
    let port: Int

    struct Response {
        let status: Int
        let reason: String
        let headers: [(name: String, value: String)]
        let body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// What came back before the connection ended: the bytes, and the error that ended it, if any.
    struct RawExchange {
        let bytes: Data
        let errorNumber: Int32?
    }

    struct ClientError: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends one request with `Connection: close` and parses the answer.
    func send(_ method: String, _ target: String, headers: [String: String] = [:], body: Data = Data()) throws -> Response {
        let exchange = try exchange(method, target, headers: headers, body: body)
        if let error = exchange.errorNumber { throw ClientError(description: "socket error \(error)") }
        return try Self.parse(exchange.bytes)
    }

    func send(_ method: String, _ target: String, headers: [String: String] = [:], json: String) throws -> Response {
        try send(method, target, headers: headers, body: Data(json.utf8))
    }

    /// Sends one request and returns the raw bytes received until the server closed the connection.
    func exchange(_ method: String, _ target: String, headers: [String: String] = [:], body: Data = Data()) throws -> RawExchange {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return try raw(Data(head.utf8) + body)
    }

    /// Writes `bytes` as they are and reads until the server closes.
    func raw(_ bytes: Data, timeoutSeconds: Int = 10) throws -> RawExchange {
        let descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { throw ClientError(description: "socket() failed") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ClientError(description: "connect() failed: \(errno)") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            guard written > 0 else { break }
            offset += written
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 { received.append(contentsOf: buffer[0..<count]); continue }
            if count == 0 { return RawExchange(bytes: received, errorNumber: nil) }
            return RawExchange(bytes: received, errorNumber: errno)
        }
    }

    /// Parses a complete response read to connection close; chunked bodies are decoded.
    static func parse(_ bytes: Data) throws -> Response {
        let data = [UInt8](bytes)
        guard let end = data.indices.first(where: { $0 + 3 < data.count && data[$0..<$0 + 4] == [13, 10, 13, 10] }) else {
            throw ClientError(description: "no complete response head in \(data.count) bytes")
        }
        let lines = String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2).map(String.init)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ClientError(description: "bad status line \(lines[0])") }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(data[(end + 4)...])
        if headers.contains(where: { $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased() == "chunked" }) {
            body = try dechunk(body)
        }
        return Response(status: status, reason: statusParts.count > 2 ? statusParts[2] : "", headers: headers, body: Data(body))
    }

    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].indices.first(where: { $0 + 1 < bytes.count && bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                  let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self), radix: 16) else {
                throw ClientError(description: "malformed chunk")
            }
            if size == 0 { return output }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { throw ClientError(description: "truncated chunk") }
            output += bytes[start..<start + size]
            index = start + size + 2
        }
        throw ClientError(description: "chunked body without its last chunk")
    }
}
