import Foundation
import Platform

/// A table in the canonical CSV form of golden/traffic/README.md, and its comparison with another.
///
/// NULL is the empty field; rows are compared in order, field by field: the double columns by value
/// within 1e-9 relative (averages depend on the summation order), everything else as exact text.
struct GoldenTable: Equatable {
    static let doubleColumns: Set<String> = [
        "lat", "lon", "avg_speed_kmh", "occupancy_pct", "avg_vehicle_count", "avg_occupancy_pct",
    ]

    let header: [String]
    let rows: [[String]]

    /// Reads an RFC 4180 file: `"` quotes fields holding commas, quotes (doubled) or newlines.
    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = text.makeIterator()
        var pending: Character?
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\n": record.append(field); records.append(record); record = []; field = ""
            default: field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        guard let header = records.first else { throw FixtureError("\(path) is empty") }
        self.header = header
        self.rows = Array(records.dropFirst())
    }

    /// A query's result as a table: every column as its text, NULL as the empty field.
    init(_ result: PostgresRows) throws {
        header = result.columns
        rows = try result.map { row in try result.columns.map { try row.text($0) ?? "" } }
    }

    /// Where `actual` differs from this table, at most 10 lines; empty when they are equal.
    func differences(from actual: GoldenTable) -> [String] {
        guard header == actual.header else { return ["header \(actual.header), expected \(header)"] }
        var problems: [String] = []
        if rows.count != actual.rows.count { problems.append("\(actual.rows.count) rows, expected \(rows.count)") }
        for (number, (want, got)) in zip(rows, actual.rows).enumerated() {
            for (column, (a, b)) in zip(header, zip(want, got)) where !Self.same(a, b, double: Self.doubleColumns.contains(column)) {
                problems.append("row \(number + 1) (\(want.first ?? "")) \(column): '\(b)', expected '\(a)'")
                break
            }
            if problems.count >= 10 { break }
        }
        return problems
    }

    private static func same(_ a: String, _ b: String, double: Bool) -> Bool {
        if a == b { return true }
        guard double, let x = Double(a), let y = Double(b), x.isFinite, y.isFinite else { return false }
        return x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    }
}
