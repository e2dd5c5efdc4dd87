import Contracts
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Random ids for events, posts and traces, from the kernel's randomness read 4 KiB at a time.
///
/// Foundation's `UUID()` opens, reads and closes `/dev/urandom` for every id, and
/// `SystemRandomNumberGenerator` makes a `getrandom` call per 64-bit word; the stream pipeline needs
/// several ids per message, so both showed up as system calls per message. Here one read of the
/// kept-open `/dev/urandom` serves 256 UUIDs.
enum RandomIdentifiers {
    private static let pool = Mutex(Pool())

    /// Bytes from the kernel and how many of them were handed out.
    private struct Pool: ~Copyable {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var used = 4096
        /// `/dev/urandom`, opened once for the life of the process.
        let source = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

        /// The next `count` bytes (at most 4096), refilling from the kernel when the pool runs out.
        mutating func take(_ count: Int) -> ArraySlice<UInt8> {
            if used + count > bytes.count {
                bytes.withUnsafeMutableBytes { buffer in
                    var filled = 0
                    while filled < buffer.count {
                        let got = read(source, buffer.baseAddress! + filled, buffer.count - filled)
                        if got > 0 { filled += got } else if errno != EINTR { fatalError("reading /dev/urandom failed: \(errno)") }
                    }
                }
                used = 0
            }
            defer { used += count }
            return bytes[used..<used + count]
        }
    }

    /// `count` random bytes.
    static func bytes(_ count: Int) -> [UInt8] {
        Array(pool.withLock { $0.take(count) })
    }

    /// A random (version 4, RFC 9562) UUID in lowercase text, as `UUID().uuidString.lowercased()` gives.
    static func uuid() -> String {
        var bytes = bytes(16)
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return uuidText(bytes)
    }

    /// 16 bytes as `8-4-4-4-12` lowercase hex.
    static func uuidText(_ bytes: [UInt8]) -> String {
        let groups = [bytes[0..<4], bytes[4..<6], bytes[6..<8], bytes[8..<10], bytes[10..<16]]
        return groups.map(LowercaseHex.text(of:)).joined(separator: "-")
    }

    /// A random 64-bit word that is not zero.
    static func nonZeroWord() -> UInt64 {
        while true {
            let word = bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if word != 0 { return word }
        }
    }
}
