import Crypto

/// One of the additional checksums S3 accepts in `x-amz-checksum-<name>` headers and trailers.
public enum S3ChecksumAlgorithm: String, Sendable, CaseIterable {
    case crc32
    case crc32c
    case sha1
    case sha256

    /// The header (and trailer) carrying this checksum, `x-amz-checksum-crc32` and so on.
    /// Literals rather than built from `rawValue`: every PutObject looks all of them up.
    public var headerName: String {
        switch self {
        case .crc32: "x-amz-checksum-crc32"
        case .crc32c: "x-amz-checksum-crc32c"
        case .sha1: "x-amz-checksum-sha1"
        case .sha256: "x-amz-checksum-sha256"
        }
    }

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
}

/// One ``S3ChecksumAlgorithm`` computed a piece at a time, for a body that is hashed as it arrives.
struct S3ChecksumHasher {
    private enum State {
        case crc(CRC32)
        case sha1(Insecure.SHA1)
        case sha256(SHA256)
    }

    private var state: State

    init(_ algorithm: S3ChecksumAlgorithm) {
        switch algorithm {
        case .crc32: state = .crc(CRC32(table: CRC32.ieee))
        case .crc32c: state = .crc(CRC32(table: CRC32.castagnoli))
        case .sha1: state = .sha1(Insecure.SHA1())
        case .sha256: state = .sha256(SHA256())
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .crc(var crc):
            crc.update(bytes)
            state = .crc(crc)
        case .sha1(var hasher):
            hasher.update(bufferPointer: bytes)
            state = .sha1(hasher)
        case .sha256(var hasher):
            hasher.update(bufferPointer: bytes)
            state = .sha256(hasher)
        }
    }

    /// The checksum of everything fed so far, base64-encoded as S3 sends it.
    var base64: String {
        switch state {
        case .crc(let crc): Base64.encode(crc.bigEndianBytes)
        case .sha1(let hasher): Base64.encode(Array(hasher.finalize()))
        case .sha256(let hasher): Base64.encode(Array(hasher.finalize()))
        }
    }
}
