import CLZ4
import CSnappy
import CZlib
import CZstd
import NIOCore

/// Decodes the records section of a compressed batch, for inspection and timestamp lookups only: the
/// log stores and serves batches as the producer compressed them.
///
/// Every C library error maps to ``RecordBatchDecompressor/Failure`` here and nowhere else. Output is
/// capped at ``limit`` so a small batch cannot inflate into gigabytes.
enum RecordBatchDecompressor {
    static let limit = 64 * 1024 * 1024

    struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        var codec: Int
        var reason: String
        var description: String { "codec \(codec): \(reason)" }
    }

    /// The decompressed records of `codec` (1 gzip, 2 snappy, 3 lz4, 4 zstd); codec 0 returns the input.
    static func decompress(_ input: ByteBuffer, codec: Int) throws(Failure) -> [UInt8] {
        let bytes = Array(input.readableBytesView)
        switch codec {
        case 0: return bytes
        case 1: return try gunzip(bytes)
        case 2: return try unsnappy(bytes)
        case 3: return try unlz4(bytes)
        case 4: return try unzstd(bytes)
        default: throw Failure(codec: codec, reason: "unknown codec")
        }
    }

    private static func gunzip(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: a zlib or gzip header, detected automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(codec: 1, reason: "inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = input
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while status == Z_OK && output.count <= limit {
                chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output += target[0..<(target.count - Int(stream.avail_out))]
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
            }
        }
        guard status == Z_STREAM_END else { throw Failure(codec: 1, reason: "inflate status \(status)") }
        return output
    }

    /// Raw snappy, or the xerial framing (`\u{82}SNAPPY\0`, versions, then length-prefixed blocks) that
    /// Java producers write.
    private static func unsnappy(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        let magic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
        guard input.count >= 16, Array(input[0..<8]) == magic else { return try unsnappyBlock(input[...]) }
        var output: [UInt8] = []
        var offset = 16
        while offset + 4 <= input.count {
            let length = input[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard length >= 0, offset + length <= input.count else { throw Failure(codec: 2, reason: "xerial block overruns") }
            output += try unsnappyBlock(input[offset..<offset + length])
            offset += length
            if output.count > limit { throw Failure(codec: 2, reason: "above the size limit") }
        }
        return output
    }

    private static func unsnappyBlock(_ block: ArraySlice<UInt8>) throws(Failure) -> [UInt8] {
        let result: Result<[UInt8], Failure> = block.withUnsafeBufferPointer { source in
            let base = UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: CChar.self)
            var length = 0
            guard snappy_uncompressed_length(base, source.count, &length) == SNAPPY_OK, length <= limit else {
                return .failure(Failure(codec: 2, reason: "bad uncompressed length"))
            }
            var output = [UInt8](repeating: 0, count: length)
            let status = output.withUnsafeMutableBufferPointer { target in
                snappy_uncompress(base, source.count, UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: CChar.self), &length)
            }
            return status == SNAPPY_OK ? .success(Array(output[0..<length])) : .failure(Failure(codec: 2, reason: "snappy status \(status.rawValue)"))
        }
        return try result.get()
    }

    /// The LZ4 frame format, which Kafka uses since magic 1.
    private static func unlz4(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else {
            throw Failure(codec: 3, reason: "no decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var consumed = 0
        var hint = 1
        while consumed < input.count && hint != 0 && output.count <= limit {
            var sourceSize = input.count - consumed
            var targetSize = chunk.count
            hint = input.withUnsafeBufferPointer { source in
                chunk.withUnsafeMutableBufferPointer { target in
                    LZ4F_decompress(context, target.baseAddress, &targetSize, source.baseAddress! + consumed, &sourceSize, nil)
                }
            }
            if LZ4F_isError(hint) != 0 { throw Failure(codec: 3, reason: String(cString: LZ4F_getErrorName(hint))) }
            consumed += sourceSize
            output += chunk[0..<targetSize]
            if sourceSize == 0 && targetSize == 0 { break }
        }
        guard hint == 0 else { throw Failure(codec: 3, reason: "frame ends early") }
        return output
    }

    private static func unzstd(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        guard let context = ZSTD_createDCtx() else { throw Failure(codec: 4, reason: "no decompression context") }
        defer { ZSTD_freeDCtx(context) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var remaining = 1
        try input.withUnsafeBufferPointer { (source) throws(Failure) in
            var inBuffer = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            while inBuffer.pos < inBuffer.size || remaining != 0 {
                var produced = 0
                remaining = chunk.withUnsafeMutableBufferPointer { target in
                    var outBuffer = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
                    let r = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                    produced = outBuffer.pos
                    return r
                }
                if ZSTD_isError(remaining) != 0 { throw Failure(codec: 4, reason: String(cString: ZSTD_getErrorName(remaining))) }
                output += chunk[0..<produced]
                if output.count > limit { throw Failure(codec: 4, reason: "above the size limit") }
                if produced == 0 && inBuffer.pos == inBuffer.size { break }
            }
        }
        guard remaining == 0 else { throw Failure(codec: 4, reason: "frame ends early") }
        return output
    }
}
