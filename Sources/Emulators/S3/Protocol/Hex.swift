import Contracts
import Foundation

/// Lower-case hexadecimal, the form SigV4 signatures, payload hashes and ETags take on the wire.
enum Hex {
    /// `bytes` (a digest, a MAC, an array) as lower-case hex.
    static func encode(_ bytes: some ContiguousBytes) -> String {
        bytes.withUnsafeBytes(LowercaseHex.text(of:))
    }
}
