import Foundation

/// Lower-case hexadecimal, the form SigV4 signatures, payload hashes and ETags take on the wire.
enum Hex {
    /// `bytes` (a digest, a MAC, an array) as lower-case hex, written straight into the string's storage.
    static func encode(_ bytes: some ContiguousBytes) -> String {
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
