import Platform

/// A deterministic table covering every column type, REQUIRED and OPTIONAL columns, nulls, empty and
/// non-ASCII strings, negative numbers and zeros, a column of nulls only, with its expected values computed from the row number.
struct ParquetSampleTable {
    static let schema = ParquetSchema([
        ParquetColumn("flag", .boolean),
        ParquetColumn("count", .int32, optional: false),
        ParquetColumn("id", .int64),
        ParquetColumn("fare", .double),
        ParquetColumn("zone", .string),
        ParquetColumn("note", .string, optional: false),
        ParquetColumn("day", .date),
        ParquetColumn("at", .timestampMicrosUTC, optional: false),
        ParquetColumn("gone", .double),
    ])

    static let zones = ["Zürich", "", "北京", "Ängelholm 🚲", "a", "b\u{0}c", "Zurich"]

    let rowCount: Int
    /// Bytes of padding in every note, to push the note dictionary past its limit when wanted.
    var notePadding = 0

    func value(row: Int, column: Int) -> ParquetValue {
        switch column {
        case 0: return row % 7 == 3 ? .null : .boolean(row % 3 == 0)
        case 1: return .int32(Int32(row) - 1_000)
        case 2: return row % 5 == 1 ? .null : .int64(Int64(row) * 7_919 - 9_000_000_000)
        case 3: return row % 11 == 2 ? .null : .double(row == 4 ? -0.0 : Double(row % 97) * 1.25 - 50.0 + 1.0 / 3.0)
        case 4: return row % 3 == 2 ? .null : .string(Self.zones[row % Self.zones.count])
        case 5: return .string("note \(row) " + String(repeating: "x", count: notePadding))
        case 6: return row % 13 == 0 ? .null : .int32(Int32(19_000 + row % 400) - 200)
        case 7: return .int64(1_700_000_000_000_000 + Int64(row) * 1_000_001 - 5_000_000_000)
        default: return .null
        }
    }

    /// All rows in one batch.
    func batch() -> ParquetBatch {
        batch(rows: 0..<rowCount)
    }

    func batch(rows: Range<Int>) -> ParquetBatch {
        var batch = ParquetBatch(schema: Self.schema, reservingCapacity: rows.count)
        for row in rows {
            for column in Self.schema.columns.indices {
                switch (Self.schema.columns[column].type, value(row: row, column: column)) {
                case (.boolean, .boolean(let value)): batch.append(boolean: value, column: column)
                case (.boolean, _): batch.append(boolean: nil, column: column)
                case (.int32, .int32(let value)), (.date, .int32(let value)): batch.append(int32: value, column: column)
                case (.int32, _), (.date, _): batch.append(int32: nil, column: column)
                case (.int64, .int64(let value)), (.timestampMicrosUTC, .int64(let value)):
                    batch.append(int64: value, column: column)
                case (.int64, _), (.timestampMicrosUTC, _): batch.append(int64: nil, column: column)
                case (.double, .double(let value)): batch.append(double: value, column: column)
                case (.double, _): batch.append(double: nil, column: column)
                case (.string, .string(let value)): batch.append(string: value, column: column)
                case (.string, _): batch.append(string: nil, column: column)
                }
            }
        }
        return batch
    }

    /// Column `column`'s values in rows `rows`, as the Python side prints them (see ``ParquetPythonReader``).
    func printed(column: Int, rows: Range<Int>) -> [String?] {
        rows.map { Self.printed(value(row: $0, column: column)) }
    }

    /// A value as the Python side prints it: numbers in decimal (doubles as their bit pattern, so that the
    /// comparison is exact), booleans as true/false, dates as days and timestamps as microseconds.
    static func printed(_ value: ParquetValue) -> String? {
        switch value {
        case .null: nil
        case .boolean(let value): value ? "true" : "false"
        case .int32(let value): String(value)
        case .int64(let value): String(value)
        case .double(let value): String(Int64(bitPattern: value.bitPattern))
        case .string(let value): value
        }
    }

    /// The expected statistics of column `column` over `rows`: min, max (nil without non-null values) and nulls.
    func statistics(column: Int, rows: Range<Int>) -> (min: ParquetValue, max: ParquetValue, nullCount: Int64) {
        let values = rows.map { value(row: $0, column: column) }
        let present = values.filter { $0 != .null }
        let nulls = Int64(values.count - present.count)
        guard !present.isEmpty else { return (.null, .null, nulls) }
        func less(_ a: ParquetValue, _ b: ParquetValue) -> Bool {
            switch (a, b) {
            case (.boolean(let x), .boolean(let y)): !x && y
            case (.int32(let x), .int32(let y)): x < y
            case (.int64(let x), .int64(let y)): x < y
            case (.double(let x), .double(let y)): x < y
            case (.string(let x), .string(let y)): Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            default: false
            }
        }
        var low = present.min(by: less)!
        var high = present.max(by: less)!
        if case .double(0) = low { low = .double(-0.0) }
        if case .double(0) = high { high = .double(0.0) }
        return (low, high, nulls)
    }
}
