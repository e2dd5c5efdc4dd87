import CSnappy
import CZstd

/// Decompresses a page for the reader, checking that it yields exactly the size its header promised.
enum ParquetPageDecompressor {
    /// The uncompressed bytes of `input` (a page body compressed with `codec`, the `CompressionCodec` number).
    static func decompress(
        _ input: UnsafeRawBufferPointer, codec: Int32, uncompressedSize: Int, what: String
    ) throws(ParquetError) -> [UInt8] {
        switch codec {
        case ParquetCompression.uncompressed.codecNumber:
            guard input.count == uncompressedSize else {
                throw .corrupt("\(what): \(input.count) bytes where the header says \(uncompressedSize)")
            }
            return Array(input)
        case ParquetCompression.snappy.codecNumber:
            var output = [UInt8](repeating: 0, count: uncompressedSize)
            let source = input.baseAddress?.assumingMemoryBound(to: CChar.self)
            var expected = 0
            guard let source, snappy_uncompressed_length(source, input.count, &expected) == SNAPPY_OK,
                expected == uncompressedSize
            else { throw .corrupt("\(what): snappy data does not hold the \(uncompressedSize) bytes the header says") }
            var length = uncompressedSize
            let status = output.withUnsafeMutableBytes { target in
                snappy_uncompress(source, input.count, target.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            }
            guard status == SNAPPY_OK, length == uncompressedSize else { throw .corrupt("\(what): snappy data is damaged") }
            return output
        case ParquetCompression.zstd.codecNumber:
            // A frame that names its size is checked before the output is allocated (the two values below
            // are ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR, macros Swift does not import).
            let declared = ZSTD_getFrameContentSize(input.baseAddress, input.count)
            if declared != UInt64.max && declared != UInt64.max - 1 && declared != UInt64(uncompressedSize) {
                throw .corrupt("\(what): zstd frame of \(declared) bytes where the header says \(uncompressedSize)")
            }
            var output = [UInt8](repeating: 0, count: uncompressedSize)
            let length = output.withUnsafeMutableBytes { target in
                ZSTD_decompress(target.baseAddress, target.count, input.baseAddress, input.count)
            }
            guard ZSTD_isError(length) == 0 else {
                throw .corrupt("\(what): zstd: \(String(cString: ZSTD_getErrorName(length)))")
            }
            guard length == uncompressedSize else {
                throw .corrupt("\(what): zstd data holds \(length) bytes where the header says \(uncompressedSize)")
            }
            return output
        default:
            let names: [Int32: String] = [2: "GZIP", 3: "LZO", 4: "BROTLI", 5: "LZ4", 7: "LZ4_RAW"]
            throw .unsupported("\(what): compression codec \(names[codec] ?? String(codec)) (only snappy and zstd are read)")
        }
    }
}
