import Foundation
import NIOCore
@testable import Emulators

#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client that speaks raw Kafka frames, so server tests need no client library.
final class KafkaTestClient {
    private let fd: Int32
    private var correlationId: Int32 = 0

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func sendRaw(_ bytes: ByteBuffer) {
        var bytes = bytes
        while bytes.readableBytes > 0 {
            let n = bytes.withUnsafeReadableBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            bytes.moveReaderIndex(forwardBy: n)
        }
    }

    /// Sends one request and returns the correlation id it used.
    @discardableResult
    func send(apiKey: Int16, version: Int16, flexibleHeader: Bool = false, body: (inout ByteBuffer) -> Void) -> Int32 {
        correlationId += 1
        var frame = ByteBuffer()
        frame.writeInteger(Int32(0))
        frame.writeInteger(apiKey)
        frame.writeInteger(version)
        frame.writeInteger(correlationId)
        frame.writeKafkaString("test-client")
        if flexibleHeader { frame.writeEmptyTaggedFields() }
        body(&frame)
        frame.setInteger(Int32(frame.readableBytes - 4), at: 0)
        sendRaw(frame)
        return correlationId
    }

    /// The next response body after its correlation id, or `nil` when the server closed the connection.
    func receive() -> (correlationId: Int32, body: KafkaReader)? {
        guard var prefix = read(4), let length = prefix.readInteger(as: Int32.self),
              var frame = read(Int(length)), let id = frame.readInteger(as: Int32.self) else { return nil }
        return (id, KafkaReader(frame))
    }

    /// Whether the server closed the connection (a read returns end of file).
    func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    private func read(_ count: Int) -> ByteBuffer? {
        var out = ByteBuffer()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while out.readableBytes < count {
            let n = recv(fd, &chunk, min(chunk.count, count - out.readableBytes), 0)
            if n <= 0 { return nil }
            out.writeBytes(chunk[0..<n])
        }
        return out
    }
}
