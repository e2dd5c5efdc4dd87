import Crypto

/// One of the additional checksums S3 accepts in `x-amz-checksum-<name>` headers and trailers.
public enum S3ChecksumAlgorithm: String, Sendable, CaseIterable {
    case crc32
    case crc32c
    case sha1
    case sha256

    /// The header (and trailer) carrying this checksum, `x-amz-checksum-crc32` and so on.
    public var headerName: String { "x-amz-checksum-\(rawValue)" }

    /// The checksum of `bytes`, base64-encoded as S3 sends and expects it.
    public func base64Digest(of bytes: some Collection<UInt8>) -> String {
        switch self {
        case .crc32:
            var crc = CRC32(table: CRC32.ieee)
            crc.update(bytes)
            return Base64.encode(crc.bigEndianBytes)
        case .crc32c:
            var crc = CRC32(table: CRC32.castagnoli)
            crc.update(bytes)
            return Base64.encode(crc.bigEndianBytes)
        case .sha1:
            return Base64.encode(Array(Insecure.SHA1.hash(data: Array(bytes))))
        case .sha256:
            return Base64.encode(Array(SHA256.hash(data: Array(bytes))))
        }
    }

    /// The algorithm a header or trailer name stands for, if any.
    public init?(headerName: String) {
        let lower = headerName.lowercased()
        guard lower.hasPrefix("x-amz-checksum-") else { return nil }
        self.init(rawValue: String(lower.dropFirst("x-amz-checksum-".count)))
    }
}
