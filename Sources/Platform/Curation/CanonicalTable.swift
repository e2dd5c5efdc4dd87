/// A table in the canonical CSV form of `golden/traffic/README.md` (header, rows of text, NULL as the
/// empty field), and its comparison with another: what tests and `smoke` hold the curated and served
/// tables to.
public struct CanonicalTable: Sendable, Equatable {
    /// The double columns of the traffic tables, compared within a relative tolerance.
    public static let trafficDoubleColumns: Set<String> = [
        "lat", "lon", "avg_speed_kmh", "occupancy_pct", "avg_vehicle_count", "avg_occupancy_pct",
    ]

    public let header: [String]
    public var rows: [[String]]

    /// A table of `rows` under `header`.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Reads a CSV file (RFC 4180, fields may hold quoted line ends); its first record is the header.
    public init(path: String) throws {
        let reader = try CSVStreamReader(path: path)
        guard try reader.nextRecord() else { throw CanonicalTableError("\(path) is empty") }
        header = (0..<reader.fieldCount).map(reader.string)
        var rows: [[String]] = []
        while try reader.nextRecord() {
            rows.append((0..<reader.fieldCount).map(reader.string))
        }
        self.rows = rows
    }

    /// A query's result: every column as its text, NULL as the empty field.
    public init(_ result: PostgresRows) throws {
        header = result.columns
        rows = try result.map { row in try result.columns.map { try row.text($0) ?? "" } }
    }

    /// The rows whose value in `column` is in `values`.
    public func filtered(_ column: String, in values: Set<String>) throws -> CanonicalTable {
        let index = try position(of: column)
        return CanonicalTable(header: header, rows: rows.filter { values.contains($0[index]) })
    }

    /// The values of `column`, in row order.
    public func values(_ column: String) throws -> [String] {
        let index = try position(of: column)
        return rows.map { $0[index] }
    }

    /// What differs between this (expected) table and `actual`, at most `limit` findings; empty when equal.
    ///
    /// Two fields of a column in `doubleColumns` are equal when both parse and differ by at most 1e-9 of
    /// the larger magnitude (averages depend on an engine's summation order); every other field must be
    /// the same text, and empty (NULL) equals only empty.
    public func differences(
        from actual: CanonicalTable, doubleColumns: Set<String> = trafficDoubleColumns, limit: Int = 10
    ) -> [String] {
        guard header == actual.header else { return ["columns \(actual.header), expected \(header)"] }
        guard rows.count == actual.rows.count else { return ["\(actual.rows.count) rows, expected \(rows.count)"] }
        let tolerant = header.map(doubleColumns.contains)
        var found: [String] = []
        for (number, (want, got)) in zip(rows, actual.rows).enumerated() {
            for index in header.indices where !Self.equal(want[index], got[index], tolerant: tolerant[index]) {
                found.append("row \(number + 1) (\(want[0])) \(header[index]): \"\(got[index])\", expected \"\(want[index])\"")
                if found.count == limit { return found }
            }
        }
        return found
    }

    private func position(of column: String) throws -> Int {
        guard let index = header.firstIndex(of: column) else { throw CanonicalTableError("no column \(column) in \(header)") }
        return index
    }

    private static func equal(_ want: String, _ got: String, tolerant: Bool) -> Bool {
        if want == got { return true }
        guard tolerant, let a = Double(want), let b = Double(got), a.isFinite, b.isFinite else { return false }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }
}

/// A canonical table that cannot be read or has no such column.
public struct CanonicalTableError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
