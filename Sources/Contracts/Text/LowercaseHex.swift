import Foundation

/// Lowercase hexadecimal text of bytes: digests in events, ETags, SigV4 signatures and payload hashes.
///
/// In Contracts because both the platform and the emulators write it for every request and message;
/// written straight into the string's storage, without an intermediate array (`String(format: "%02x")`
/// per byte would go through Foundation's formatter and cost microseconds per digest).
public enum LowercaseHex {
    /// Two lowercase hex digits per byte of `bytes` (a digest, a MAC, an array), in order.
    public static func text(of bytes: some ContiguousBytes) -> String {
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
