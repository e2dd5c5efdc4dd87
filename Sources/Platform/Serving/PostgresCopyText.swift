/// Fields of PostgreSQL's COPY text format (the default of `COPY ... FROM STDIN`), made from Parquet values.
///
/// Fields are separated by tabs and rows by newlines, `\N` is NULL, and a backslash, tab, newline or
/// carriage return inside a value is escaped with a backslash, or it would split the field or the row.
/// Doubles are written in Swift's shortest round-trip form, which PostgreSQL reads back to the same bits,
/// so a value served twice compares equal and the second upsert leaves it alone.
enum PostgresCopyText {
    /// The field for `value`. Dates and timestamps arrive as their stored integers (days, microseconds)
    /// and are converted in SQL, where the arithmetic is exact.
    static func field(_ value: ParquetValue) -> String {
        switch value {
        case .null: "\\N"
        case .boolean(let flag): flag ? "t" : "f"
        case .int32(let number): String(number)
        case .int64(let number): String(number)
        case .double(let number): field(number)
        case .string(let text): escaped(text)
        }
    }

    /// `number` as PostgreSQL's float8 input reads it; NaN and the infinities by their SQL names.
    static func field(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return number.description
    }

    /// `text` with the characters that COPY's text format gives meaning to escaped.
    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for character in text.unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
