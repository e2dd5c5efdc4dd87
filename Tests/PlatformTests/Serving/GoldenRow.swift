import Platform

/// One row of a golden CSV, by column name, turned into Parquet values by the column's type.
struct GoldenRow {
    let header: [String]
    var fields: [String]

    subscript(column: String) -> String {
        fields[header.firstIndex(of: column)!]
    }

    /// The row with 1 added to the integer in `column`.
    func bumping(_ column: String) -> GoldenRow {
        var row = self
        let index = header.firstIndex(of: column)!
        row.fields[index] = String(Int(fields[index])! + 1)
        return row
    }

    /// Appends the fields named like `batch`'s columns; the empty field is NULL.
    func append(to batch: inout ParquetBatch) throws {
        for (index, column) in batch.schema.columns.enumerated() {
            let text = self[column.name]
            let value: String? = text.isEmpty ? nil : text
            switch column.type {
            case .boolean: batch.append(boolean: value.map { $0 == "true" }, column: index)
            case .int32: batch.append(int32: try value.map { try Self.parse($0, as: Int32.self) }, column: index)
            case .int64: batch.append(int64: try value.map { try Self.parse($0, as: Int64.self) }, column: index)
            case .double: batch.append(double: try value.map { try Self.parse($0, as: Double.self) }, column: index)
            case .string: batch.append(string: value, column: index)
            case .timestampMicrosUTC: batch.append(int64: try value.map(Self.microseconds), column: index)
            case .date: throw FixtureError("no date columns in the golden files (traffic_date is the partition)")
            }
        }
    }

    private static func parse<T: LosslessStringConvertible>(_ text: String, as type: T.Type) throws -> T {
        guard let value = T(text) else { throw FixtureError("'\(text)' is not a \(T.self)") }
        return value
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff` (UTC) as microseconds since the epoch.
    static func microseconds(_ text: String) throws -> Int64 {
        let digits = text.split(whereSeparator: { "- :.".contains($0) }).map { Int64($0) }
        guard digits.count == 7, digits.allSatisfy({ $0 != nil }) else { throw FixtureError("'\(text)' is not a timestamp") }
        let (year, month, day) = (digits[0]!, digits[1]!, digits[2]!)
        // Days from the civil date (Howard Hinnant's algorithm), proleptic Gregorian.
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return ((days * 24 + digits[3]!) * 60 + digits[4]!) * 60_000_000 + digits[5]! * 1_000_000 + digits[6]!
    }
}
