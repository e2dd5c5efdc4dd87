/// Reads Parquet's RLE/bit-packed hybrid encoding (the inverse of ``ParquetHybridEncoder``) from a byte
/// range, refusing runs that overrun it.
enum ParquetHybridDecoder {
    /// Decodes `count` values of `bitWidth` bits from `bytes[start..<end]`, calling `body` with each.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, bitWidth: Int, count: Int,
        what: String, _ body: (UInt32) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        guard (0...32).contains(bitWidth) else { throw .corrupt("\(what): bit width \(bitWidth)") }
        var position = start
        var produced = 0
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        while produced < count {
            let header = try varint(bytes, &position, end, what)
            if header & 1 == 0 {
                let runLength = Int(clamping: header >> 1)
                let width = (bitWidth + 7) / 8
                guard width <= end - position else { throw .corrupt("\(what): RLE run past the end of its data") }
                var value: UInt32 = 0
                for byte in 0..<width { value |= UInt32(bytes[position + byte]) << UInt32(8 * byte) }
                position += width
                guard runLength > 0 else { throw .corrupt("\(what): empty RLE run") }
                for _ in 0..<Swift.min(runLength, count - produced) { try body(value) }
                produced += Swift.min(runLength, count - produced)
            } else {
                let groups = Int(clamping: header >> 1)
                guard groups > 0, groups <= (end - position) else {
                    throw .corrupt("\(what): bit-packed run past the end of its data")
                }
                let values = groups * 8
                let byteLength = groups * bitWidth
                guard byteLength <= end - position else { throw .corrupt("\(what): bit-packed run past the end of its data") }
                var buffer: UInt64 = 0
                var bits = 0
                var byteIndex = position
                for _ in 0..<Swift.min(values, count - produced) {
                    while bits < bitWidth {
                        buffer |= UInt64(bytes[byteIndex]) << UInt64(bits)
                        byteIndex += 1
                        bits += 8
                    }
                    try body(UInt32(truncatingIfNeeded: buffer & mask))
                    buffer >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
                produced += Swift.min(values, count - produced)
                position += byteLength
            }
        }
    }

    private static func varint(
        _ bytes: UnsafeRawBufferPointer, _ position: inout Int, _ end: Int, _ what: String
    ) throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw .corrupt("\(what): run header past the end of its data") }
            guard shift < 64 else { throw .corrupt("\(what): run header longer than 10 bytes") }
            let next = bytes[position]
            position += 1
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }
}
