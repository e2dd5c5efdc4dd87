import Contracts
import Crypto
import NIOCore

extension ByteBuffer {
    /// The MD5 of the readable bytes: the ETag of a single-part object and the check of `Content-MD5`.
    var md5: [UInt8] {
        withUnsafeReadableBytes { bytes in
            var hasher = Insecure.MD5()
            hasher.update(bufferPointer: bytes)
            return Array(hasher.finalize())
        }
    }

    /// The hex SHA-256 of the readable bytes: what `x-amz-content-sha256` and aws-chunked chunks sign.
    var sha256Hex: String {
        withUnsafeReadableBytes { bytes in
            var hasher = SHA256()
            hasher.update(bufferPointer: bytes)
            return LowercaseHex.text(of: hasher.finalize())
        }
    }
}
