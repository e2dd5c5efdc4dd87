import Platform

/// A table in the canonical CSV form of `golden/traffic/README.md`: a header and rows of text, NULL as the
/// empty field, compared field by field with a relative tolerance in the double columns.
struct GoldenTable: Sendable, Equatable {
    let header: [String]
    var rows: [[String]]

    init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Reads a golden CSV file (RFC 4180, fields may hold quoted line ends).
    init(path: String) throws {
        let reader = try CSVStreamReader(path: path)
        guard try reader.nextRecord() else { throw SmokeFailure("\(path) is empty") }
        header = (0..<reader.fieldCount).map(reader.string)
        var rows: [[String]] = []
        while try reader.nextRecord() {
            rows.append((0..<reader.fieldCount).map(reader.string))
        }
        self.rows = rows
    }

    /// The rows whose value in `column` is in `values`.
    func filtered(_ column: String, in values: Set<String>) throws -> GoldenTable {
        guard let index = header.firstIndex(of: column) else { throw SmokeFailure("no column \(column) in \(header)") }
        return GoldenTable(header: header, rows: rows.filter { values.contains($0[index]) })
    }

    /// The values of `column`, in row order.
    func values(_ column: String) throws -> [String] {
        guard let index = header.firstIndex(of: column) else { throw SmokeFailure("no column \(column) in \(header)") }
        return rows.map { $0[index] }
    }

    /// What differs between this (expected) table and `actual`, at most `limit` findings; empty when equal.
    ///
    /// Two fields of a column in `doubleColumns` are equal when both are empty, or both parse and differ by
    /// at most 1e-9 of the larger magnitude (averages depend on an engine's summation order); every other
    /// field must be the same text.
    func differences(from actual: GoldenTable, doubleColumns: Set<String>, limit: Int = 3) -> [String] {
        guard header == actual.header else { return ["columns \(actual.header), expected \(header)"] }
        guard rows.count == actual.rows.count else { return ["\(actual.rows.count) rows, expected \(rows.count)"] }
        let tolerant = header.map(doubleColumns.contains)
        var found: [String] = []
        for (number, (want, got)) in zip(rows, actual.rows).enumerated() {
            for index in header.indices where !Self.equal(want[index], got[index], tolerant: tolerant[index]) {
                found.append("row \(number + 1) \(header[index]): \"\(got[index])\", expected \"\(want[index])\" (\(want[0]))")
                if found.count == limit { return found }
            }
        }
        return found
    }

    private static func equal(_ want: String, _ got: String, tolerant: Bool) -> Bool {
        if want == got { return true }
        guard tolerant, let a = Double(want), let b = Double(got) else { return false }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }
}
