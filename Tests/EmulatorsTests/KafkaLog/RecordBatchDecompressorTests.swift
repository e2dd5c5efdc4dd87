import CLZ4
import CSnappy
import CZlib
import CZstd
import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    /// Each codec's output, made by the same C library a producer links, decodes back to the input.
    @Suite struct RecordBatchDecompressorTests {
        static let plain = Array((0..<2000).map { "record \($0) " }.joined().utf8)

        @Test func gzip() throws {
            var size = compressBound(UInt(Self.plain.count))
            var out = [UInt8](repeating: 0, count: Int(size))
            #expect(compress2(&out, &size, Self.plain, UInt(Self.plain.count), 6) == Z_OK)
            #expect(try RecordBatchDecompressor.decompress(ByteBuffer(bytes: out[0..<Int(size)]), codec: 1) == Self.plain)
        }

        @Test func snappyRawAndXerialFramed() throws {
            var size = snappy_max_compressed_length(Self.plain.count)
            var raw = [UInt8](repeating: 0, count: size)
            let status = Self.plain.withUnsafeBufferPointer { source in
                raw.withUnsafeMutableBufferPointer { target in
                    snappy_compress(UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: CChar.self), source.count,
                                    UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: CChar.self), &size)
                }
            }
            #expect(status == SNAPPY_OK)
            let block = Array(raw[0..<size])
            #expect(try RecordBatchDecompressor.decompress(ByteBuffer(bytes: block), codec: 2) == Self.plain)
            var xerial: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]
            xerial += withUnsafeBytes(of: UInt32(block.count).bigEndian, Array.init) + block
            #expect(try RecordBatchDecompressor.decompress(ByteBuffer(bytes: xerial), codec: 2) == Self.plain)
        }

        @Test func lz4Frame() throws {
            var out = [UInt8](repeating: 0, count: LZ4F_compressFrameBound(Self.plain.count, nil))
            let size = LZ4F_compressFrame(&out, out.count, Self.plain, Self.plain.count, nil)
            #expect(LZ4F_isError(size) == 0)
            #expect(try RecordBatchDecompressor.decompress(ByteBuffer(bytes: out[0..<size]), codec: 3) == Self.plain)
        }

        @Test func zstd() throws {
            var out = [UInt8](repeating: 0, count: ZSTD_compressBound(Self.plain.count))
            let size = ZSTD_compress(&out, out.count, Self.plain, Self.plain.count, 3)
            #expect(ZSTD_isError(size) == 0)
            #expect(try RecordBatchDecompressor.decompress(ByteBuffer(bytes: out[0..<size]), codec: 4) == Self.plain)
        }

        @Test func garbageIsAFailureNotACrash() {
            let junk = ByteBuffer(bytes: [1, 2, 3, 4, 5, 6, 7, 8, 9])
            for codec in 1...5 {
                #expect(throws: RecordBatchDecompressor.Failure.self) { try RecordBatchDecompressor.decompress(junk, codec: codec) }
            }
        }
    }
}
