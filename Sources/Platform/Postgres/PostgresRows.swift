/// The rows a statement returned, read from libpq's text format.
///
/// Values are kept as the server's text representation and converted on access, so a caller asks for
/// the type it expects and gets a ``PostgresError`` naming the column when the value does not fit.
public struct PostgresRows: Sendable, Sequence {
    /// The column names, in result order.
    public let columns: [String]
    /// The number of rows the command affected (`INSERT`, `UPDATE`, `DELETE`, `COPY`), 0 for others.
    public let affectedRows: Int
    private let values: [[String?]]

    init(columns: [String], values: [[String?]], affectedRows: Int) {
        self.columns = columns
        self.values = values
        self.affectedRows = affectedRows
    }

    /// The number of rows.
    public var count: Int { values.count }
    /// The row at `index`.
    public subscript(index: Int) -> PostgresRow {
        PostgresRow(columns: columns, values: values[index])
    }

    public func makeIterator() -> AnyIterator<PostgresRow> {
        var index = 0
        return AnyIterator {
            guard index < values.count else { return nil }
            defer { index += 1 }
            return self[index]
        }
    }
}

/// One row of ``PostgresRows``.
public struct PostgresRow: Sendable {
    let columns: [String]
    let values: [String?]

    /// The raw text of `column`, nil for SQL NULL.
    public func text(_ column: String) throws -> String? {
        guard let index = columns.firstIndex(of: column) else {
            throw PostgresError(kind: .decoding, sqlState: nil, message: "no column named \(column) in \(columns)")
        }
        return values[index]
    }

    /// `column` decoded as `T`; nil for SQL NULL, an error when the text is not a `T`.
    public func decode<T: PostgresTextDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard let text = try text(column) else { return nil }
        guard let value = T(postgresText: text) else {
            throw PostgresError(kind: .decoding, sqlState: nil, message: "column \(column): '\(text)' is not a \(T.self)")
        }
        return value
    }
}

/// A Swift type that can be read from PostgreSQL's text output format.
public protocol PostgresTextDecodable {
    /// Parses the server's text form; nil when it does not represent a value of this type.
    init?(postgresText: String)
}

extension String: PostgresTextDecodable {
    public init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresTextDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Double: PostgresTextDecodable {
    public init?(postgresText: String) { self.init(postgresText) }
}

extension Bool: PostgresTextDecodable {
    public init?(postgresText: String) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}
