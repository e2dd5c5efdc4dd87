import Contracts
import Foundation

/// The rows of a ``MetadataView`` as the server's text, in the view's column order.
public struct MetadataTable: Sendable, Equatable {
    /// The view read.
    public let view: MetadataView
    /// Column names, in order.
    public let columns: [String]
    /// One array per row, one value per column; nil for SQL NULL.
    public let rows: [[String?]]

    init(view: MetadataView, rows: PostgresRows) throws {
        self.view = view
        self.columns = rows.columns
        self.rows = try rows.map { row in try rows.columns.map { try row.text($0) } }
    }

    /// The values of `column`, one per row (nil for NULL); empty when there is no such column.
    public func values(_ column: String) -> [String?] {
        guard let index = columns.firstIndex(of: column) else { return [] }
        return rows.map { $0[index] }
    }

    /// The rows as a JSON array of objects: counts as numbers, NULL as null, the rest as strings.
    public var json: JSONValue {
        .array(rows.map { row in
            .object(JSONObject(zip(columns, row).map { column, value in
                JSONObject.Member(key: column, value: jsonValue(value, numeric: view.numericColumns.contains(column)))
            }))
        })
    }

    /// The rows as an aligned text table with a header line; NULL shows as `-`.
    public var text: String {
        let cells = [columns] + rows.map { $0.map { $0 ?? "-" } }
        let widths = columns.indices.map { index in cells.map { $0[index].count }.max() ?? 0 }
        return cells.map { line in
            zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    private func jsonValue(_ text: String?, numeric: Bool) -> JSONValue {
        guard let text else { return .null }
        if numeric, let number = JSONNumber(literal: text) { return .number(number) }
        return .string(text)
    }
}
