import Foundation

/// Lowercase hexadecimal text of bytes (digests in events, `x-amz-content-sha256`, derived ids).
///
/// Written out by hand because `String(format: "%02x")` per byte goes through Foundation's formatter
/// and costs microseconds per digest, which the stream consumer pays several times per message.
enum HexText {
    /// Two lowercase hex digits per byte of `bytes` (a digest, a MAC, an array), in order, written
    /// straight into the string's storage.
    static func lowercase(_ bytes: some ContiguousBytes) -> String {
        bytes.withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { text in
                for (index, byte) in raw.enumerated() {
                    text[2 * index] = digit(byte >> 4)
                    text[2 * index + 1] = digit(byte & 0x0F)
                }
                return raw.count * 2
            }
        }
    }

    private static func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
