import Foundation

/// Loads good, masked sales order rows into the star schema in chunks: each chunk is COPYed into a
/// temporary table and upserted (dimensions, then facts) in one transaction, so memory holds one chunk
/// and a failed chunk leaves nothing half-loaded (earlier chunks stay; a rerun upserts them unchanged).
final class SalesOrdersLoader {
    private let connection: PostgresConnection
    private let chunkRows: Int
    /// Where each staged field is in a record laid out as the dataset's schema.
    private let positions: [Int]
    private var lines: [String] = []
    /// Rows inserted or changed, by table.
    private(set) var changes = StarSchemaChanges()

    init(connection: PostgresConnection, schema: RecordSchema, chunkRows: Int) {
        self.connection = connection
        self.chunkRows = chunkRows
        let names = schema.names
        positions = SalesOrdersStarSchema.stagedFields.map { names.firstIndex(of: $0)! }
        lines.reserveCapacity(chunkRows)
    }

    /// Creates the star schema's tables when they are not there yet.
    static func createTables(on connection: PostgresConnection) throws {
        try connection.execute(script: SalesOrdersStarSchema.ddl)
    }

    /// Stages one good record (already masked); loads the chunk when it is full.
    func add(row: Int, record: [String]) throws {
        var line = String(row)
        for position in positions {
            line.append(",")
            Self.appendCSV(record[position], to: &line)
        }
        lines.append(line)
        if lines.count >= chunkRows { try flush() }
    }

    /// Loads what is staged.
    func flush() throws {
        guard !lines.isEmpty else { return }
        try connection.transaction { connection in
            try connection.query(SalesOrdersStarSchema.stageTable)
            try connection.copyIn(sql: SalesOrdersStarSchema.copy, rows: lines)
            for upsert in SalesOrdersStarSchema.upserts {
                changes.add(try connection.query(upsert.sql).affectedRows, to: upsert.table)
            }
        }
        lines.removeAll(keepingCapacity: true)
    }

    private static func appendCSV(_ value: String, to line: inout String) {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 })
        else {
            line.append(value)
            return
        }
        line.append("\"")
        line.append(value.replacingOccurrences(of: "\"", with: "\"\""))
        line.append("\"")
    }
}
