@testable import Platform
import Testing

/// The RLE/bit-packed hybrid encoding of definition levels and dictionary indices.
struct ParquetHybridEncodingTests {
    private func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var output: [UInt8] = []
        ParquetHybridEncoder.encode(count: values.count, bitWidth: bitWidth, into: &output) { values[$0] }
        return output
    }

    private func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [UInt32] {
        var values: [UInt32] = []
        try bytes.withUnsafeBytes { raw in
            try ParquetHybridDecoder.decode(raw, from: 0, to: raw.count, bitWidth: bitWidth, count: count, what: "test") {
                values.append($0)
            }
        }
        return values
    }

    @Test func writesLongRunsAsRLEAndTheRestBitPacked() {
        // Ten equal levels: one RLE run (header 10 << 1), value in one byte.
        #expect(encode(Array(repeating: 1, count: 10), bitWidth: 1) == [0x14, 0x01])
        // 1,0,1,1,0,0,0,1 bit-packed: one group (header 1 << 1 | 1), bits from the least significant.
        #expect(encode([1, 0, 1, 1, 0, 0, 0, 1], bitWidth: 1) == [0x03, 0b1000_1101])
        // Three literals then a run: the literals borrow five run values to fill their group of eight.
        #expect(encode([0, 1, 0] + Array(repeating: 1, count: 12), bitWidth: 1) == [0x03, 0b1111_1010, 0x0E, 0x01])
        // Wider values: a run of 300 at bit width 9 stores the value in two bytes.
        #expect(encode(Array(repeating: 300, count: 9), bitWidth: 9) == [0x12, 0x2C, 0x01])
    }

    @Test func roundTripsMixedRunsAtEveryWidth() throws {
        for bitWidth in [1, 2, 3, 7, 8, 13, 20, 32] {
            let maximum = bitWidth == 32 ? UInt32.max : (UInt32(1) << UInt32(bitWidth)) - 1
            var values: [UInt32] = []
            var state: UInt64 = 0x1234_5678
            for block in 0..<60 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let value = UInt32(truncatingIfNeeded: state >> 20) & maximum
                let length = block % 4 == 0 ? Int(state % 40) : Int(state % 5) + 1
                values += Array(repeating: value, count: length)
            }
            let bytes = encode(values, bitWidth: bitWidth)
            #expect(try decode(bytes, bitWidth: bitWidth, count: values.count) == values, "bit width \(bitWidth)")
        }
        #expect(ParquetHybridEncoder.bitWidth(forMaximum: 0) == 1)
        #expect(ParquetHybridEncoder.bitWidth(forMaximum: 1) == 1)
        #expect(ParquetHybridEncoder.bitWidth(forMaximum: 2) == 2)
        #expect(ParquetHybridEncoder.bitWidth(forMaximum: 255) == 8)
        #expect(ParquetHybridEncoder.bitWidth(forMaximum: 256) == 9)
    }

    @Test func refusesRunsPastTheEndOfTheirData() {
        #expect(throws: ParquetError.self) { try decode([0x05, 0xFF], bitWidth: 3, count: 16) }
        #expect(throws: ParquetError.self) { try decode([0x14], bitWidth: 8, count: 10) }
        #expect(throws: ParquetError.self) { try decode([], bitWidth: 1, count: 1) }
    }
}
