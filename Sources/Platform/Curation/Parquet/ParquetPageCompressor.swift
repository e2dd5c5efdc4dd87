import CSnappy
import CZstd

/// Compresses a writer's pages with one codec, reusing one zstd context and one output buffer for the
/// whole file: a fresh zstd context per page would cost an allocation and table setup per page.
final class ParquetPageCompressor {
    let compression: ParquetCompression
    private let zstdContext: OpaquePointer?
    private var output: [UInt8] = []

    /// zstd level 1, Arrow's default: most of the ratio at a fraction of the time of the higher levels.
    private static let zstdLevel: Int32 = 1

    init(_ compression: ParquetCompression) throws(ParquetError) {
        self.compression = compression
        if compression == .zstd {
            guard let context = ZSTD_createCCtx() else { throw .codec("zstd: cannot create a compression context") }
            zstdContext = context
        } else {
            zstdContext = nil
        }
    }

    deinit {
        if let zstdContext { ZSTD_freeCCtx(zstdContext) }
    }

    /// Calls `body` with the compressed form of `input` (the input itself when uncompressed); the bytes are
    /// valid only during the call.
    func compress<Result>(
        _ input: [UInt8], _ body: (UnsafeRawBufferPointer) throws(ParquetError) -> Result
    ) throws(ParquetError) -> Result {
        switch compression {
        case .uncompressed:
            return try input.withParquetBytes(body)
        case .snappy:
            var length = snappy_max_compressed_length(input.count)
            if output.count < length { output = [UInt8](repeating: 0, count: length) }
            let status = input.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    snappy_compress(
                        source.baseAddress?.assumingMemoryBound(to: CChar.self), source.count,
                        target.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
                }
            }
            guard status == SNAPPY_OK else { throw .codec("snappy: compression failed with status \(status.rawValue)") }
            return try output.withParquetBytes { raw throws(ParquetError) in
                try body(UnsafeRawBufferPointer(rebasing: raw[0..<length]))
            }
        case .zstd:
            let bound = ZSTD_compressBound(input.count)
            if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
            let length = input.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    ZSTD_compressCCtx(zstdContext, target.baseAddress, target.count, source.baseAddress, source.count, Self.zstdLevel)
                }
            }
            guard ZSTD_isError(length) == 0 else { throw .codec("zstd: \(String(cString: ZSTD_getErrorName(length)))") }
            return try output.withParquetBytes { raw throws(ParquetError) in
                try body(UnsafeRawBufferPointer(rebasing: raw[0..<length]))
            }
        }
    }
}

@available(*, unavailable)
extension ParquetPageCompressor: Sendable {}
