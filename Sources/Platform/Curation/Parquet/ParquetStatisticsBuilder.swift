/// Computes a column chunk's statistics from its values, in the order its type defines: signed for INT32
/// and INT64 (dates and timestamps too), by value for DOUBLE with NaN left out, false before true for
/// BOOLEAN, and unsigned byte order for strings, which is code point order for UTF-8.
enum ParquetStatisticsBuilder {
    static func statistics(of column: ParquetColumnBuffer, dictionary: ParquetStringDictionary?) -> ParquetStatistics {
        let nullCount = Int64(column.nullCount)
        switch column.physicalType {
        case .boolean:
            let (minimum, maximum) = bounds(column.booleans, column) { !$0 && $1 }
            return ParquetStatistics(
                minValue: minimum.map { [$0 ? 1 : 0] }, maxValue: maximum.map { [$0 ? 1 : 0] }, nullCount: nullCount,
                nanCount: nil)
        case .int32:
            let (minimum, maximum) = bounds(column.int32s, column, by: <)
            return ParquetStatistics(
                minValue: minimum.map(littleEndianBytes), maxValue: maximum.map(littleEndianBytes), nullCount: nullCount,
                nanCount: nil)
        case .int64:
            let (minimum, maximum) = bounds(column.int64s, column, by: <)
            return ParquetStatistics(
                minValue: minimum.map(littleEndianBytes), maxValue: maximum.map(littleEndianBytes), nullCount: nullCount,
                nanCount: nil)
        case .double:
            return doubleStatistics(column, nullCount: nullCount)
        case .byteArray:
            return stringStatistics(column, dictionary: dictionary, nullCount: nullCount)
        }
    }

    /// The smallest and largest present value under `less`, or nils when no row holds a value.
    @inline(__always)
    private static func bounds<Value>(
        _ values: [Value], _ column: ParquetColumnBuffer, by less: (Value, Value) -> Bool
    ) -> (Value?, Value?) {
        var minimum: Value?
        var maximum: Value?
        column.isPresent.withUnsafeBufferPointer { isPresent in
            values.withUnsafeBufferPointer { values in
                guard let first = isPresent.firstIndex(of: true) else { return }
                var low = values[first]
                var high = low
                for row in first..<values.count where isPresent[row] {
                    let value = values[row]
                    if less(value, low) { low = value }
                    if less(high, value) { high = value }
                }
                minimum = low
                maximum = high
            }
        }
        return (minimum, maximum)
    }

    /// Bounds without NaN, and zeros signed as the format asks (-0.0 for a zero minimum, +0.0 for a zero
    /// maximum), so that a reader that skips row groups by the bounds never skips a matching zero.
    private static func doubleStatistics(_ column: ParquetColumnBuffer, nullCount: Int64) -> ParquetStatistics {
        var nanCount: Int64 = 0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var any = false
        for row in 0..<column.count where column.isPresent[row] {
            let value = column.doubles[row]
            if value.isNaN {
                nanCount += 1
                continue
            }
            any = true
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
        }
        guard any else { return ParquetStatistics(minValue: nil, maxValue: nil, nullCount: nullCount, nanCount: nanCount) }
        if minimum == 0 { minimum = -0.0 }
        if maximum == 0 { maximum = 0.0 }
        return ParquetStatistics(
            minValue: littleEndianBytes(minimum.bitPattern), maxValue: littleEndianBytes(maximum.bitPattern),
            nullCount: nullCount, nanCount: nanCount)
    }

    /// String bounds: over the dictionary's entries when there is one (each distinct string once), else
    /// over every present row.
    private static func stringStatistics(
        _ column: ParquetColumnBuffer, dictionary: ParquetStringDictionary?, nullCount: Int64
    ) -> ParquetStatistics {
        var minimumRow: Int?
        var maximumRow: Int?
        column.bytes.withUnsafeBufferPointer { bytes in
            func string(_ row: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[column.offsets[row]..<column.offsets[row + 1]])
            }
            func visit(_ row: Int) {
                guard let low = minimumRow, let high = maximumRow else {
                    minimumRow = row
                    maximumRow = row
                    return
                }
                let candidate = string(row)
                if candidate.lexicographicallyPrecedes(string(low)) { minimumRow = row }
                if string(high).lexicographicallyPrecedes(candidate) { maximumRow = row }
            }
            if let dictionary {
                dictionary.entryRows.forEach(visit)
            } else {
                for row in 0..<column.count where column.isPresent[row] { visit(row) }
            }
        }
        return ParquetStatistics(
            minValue: minimumRow.map { Array(column.stringBytes(at: $0)) },
            maxValue: maximumRow.map { Array(column.stringBytes(at: $0)) }, nullCount: nullCount, nanCount: nil)
    }

    private static func littleEndianBytes<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
