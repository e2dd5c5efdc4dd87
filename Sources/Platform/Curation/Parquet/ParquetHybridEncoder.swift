/// Writes Parquet's RLE/bit-packed hybrid encoding (Encodings.md, "Run Length Encoding / Bit-Packing
/// Hybrid"): how definition levels and dictionary indices are stored.
///
/// A run of at least eight equal values becomes an RLE run (a varint header `count << 1`, then the value in
/// `ceil(bitWidth / 8)` little-endian bytes); everything else is bit-packed in groups of eight (header
/// `groups << 1 | 1`, values packed from the least significant bit). A bit-packed run must hold a multiple
/// of eight values unless it is the last run, so pending literals borrow the first values of the next
/// RLE run to fill their last group.
enum ParquetHybridEncoder {
    /// Appends the encoding of `count` values, `value(i)` being the i-th, each below `1 << bitWidth`.
    @inline(__always)
    static func encode(
        count: Int, bitWidth: Int, into output: inout [UInt8], value: (Int) -> UInt32
    ) {
        var index = 0
        var literalStart: Int?
        while index < count {
            let current = value(index)
            var runEnd = index + 1
            while runEnd < count && value(runEnd) == current { runEnd += 1 }
            if runEnd - index >= 8 {
                var runStart = index
                if let start = literalStart {
                    let padding = (8 - (index - start) % 8) % 8
                    runStart += padding
                    bitPack(from: start, to: runStart, bitWidth: bitWidth, into: &output, value: value)
                    literalStart = nil
                }
                repeated(current, count: runEnd - runStart, bitWidth: bitWidth, into: &output)
            } else if literalStart == nil {
                literalStart = index
            }
            index = runEnd
        }
        if let start = literalStart {
            bitPack(from: start, to: count, bitWidth: bitWidth, into: &output, value: value)
        }
    }

    /// The bit width that holds every value up to `maximum`; at least 1, which every reader accepts.
    static func bitWidth(forMaximum maximum: Int) -> Int {
        max(1, Int.bitWidth - maximum.leadingZeroBitCount)
    }

    private static func repeated(_ value: UInt32, count: Int, bitWidth: Int, into output: inout [UInt8]) {
        varint(UInt64(count) << 1, into: &output)
        var remaining = value
        for _ in 0..<((bitWidth + 7) / 8) {
            output.append(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }

    /// Bit-packs values `start..<end`, padding the last group of eight with zeros.
    @inline(__always)
    private static func bitPack(
        from start: Int, to end: Int, bitWidth: Int, into output: inout [UInt8], value: (Int) -> UInt32
    ) {
        let groups = (end - start + 7) / 8
        varint(UInt64(groups) << 1 | 1, into: &output)
        var buffer: UInt64 = 0
        var bits = 0
        for index in start..<(start + groups * 8) {
            let next = index < end ? UInt64(value(index)) : 0
            buffer |= next << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                bits -= 8
            }
        }
    }

    static func varint(_ value: UInt64, into output: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }
}
