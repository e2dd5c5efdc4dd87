/// The codec that compresses a Parquet file's pages.
public enum ParquetCompression: Sendable {
    /// Pages stored as encoded.
    case uncompressed
    /// Snappy (libsnappy): fast, modest ratio.
    case snappy
    /// Zstandard (libzstd) at level 1, the level Arrow uses by default: a better ratio at similar speed.
    case zstd

    /// The `CompressionCodec` number from `parquet.thrift`.
    var codecNumber: Int32 {
        switch self {
        case .uncompressed: 0
        case .snappy: 1
        case .zstd: 6
        }
    }
}
