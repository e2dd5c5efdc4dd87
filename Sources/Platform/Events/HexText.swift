import Contracts
import Foundation

/// Lowercase hexadecimal text of bytes (digests in events, `x-amz-content-sha256`, derived ids), by
/// ``LowercaseHex``: `String(format: "%02x")` per byte would go through Foundation's formatter and cost
/// microseconds per digest, which the stream consumer pays several times per message.
enum HexText {
    /// Two lowercase hex digits per byte of `bytes` (a digest, a MAC, an array), in order.
    static func lowercase(_ bytes: some ContiguousBytes) -> String {
        bytes.withUnsafeBytes(LowercaseHex.text(of:))
    }
}
