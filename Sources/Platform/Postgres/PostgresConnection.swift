import CLibPQ
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One libpq connection to PostgreSQL.
///
/// Statements are sent with `PQexecParams`, so parameters travel apart from the SQL text and are never
/// spliced into it. libpq connections must not be used from two threads at once; a mutex serialises the
/// calls, which makes the type safe to share. Calls block the calling thread for the round trip; callers
/// on the cooperative pool should hold one connection per task and keep statements short.
public final class PostgresConnection: Sendable {
    let handle: Mutex<OpaquePointer>
    /// Whether ``transaction(_:)`` is running on this connection, to refuse a nested one.
    let transactionOpen = Atomic<Bool>(false)

    /// Opens a connection with a libpq connection string (`host=… port=… dbname=…` or a `postgresql://` URI).
    public init(connectionString: String) throws {
        guard let connection = PQconnectdb(connectionString) else {
            throw PostgresError(kind: .connection, sqlState: nil, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.errorMessage(of: connection)
            PQfinish(connection)
            throw PostgresError(kind: .connection, sqlState: "08001", message: message)
        }
        // libpq prints server NOTICEs ("already exists, skipping") to stderr by default; they are
        // informational, and callers that care read state back instead.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = Mutex(connection)
    }

    deinit {
        handle.withLock { PQfinish($0) }
    }

    /// Runs one statement with positional parameters (`$1`, `$2`, …); nil binds SQL NULL.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresRows {
        try handle.withLock { connection in
            let result = Self.execute(connection, sql, parameters)
            defer { PQclear(result) }
            return try Self.rows(of: result, connection: connection)
        }
    }

    /// Runs several statements separated by semicolons, without parameters (schema scripts, DDL).
    public func execute(script sql: String) throws {
        try handle.withLock { connection in
            let result = PQexec(connection, sql)
            defer { PQclear(result) }
            _ = try Self.rows(of: result, connection: connection)
        }
    }

    /// The server's version number, e.g. 150018 for 15.18.
    public var serverVersion: Int {
        handle.withLock { Int(PQserverVersion($0)) }
    }

    private static func execute(_ connection: OpaquePointer, _ sql: String, _ parameters: [String?]) -> OpaquePointer? {
        // strdup keeps each parameter alive for the whole call; PQexecParams copies nothing before it sends.
        let values: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { values.forEach { free($0) } }
        return values.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(values.count, 1)) {
                PQexecParams(connection, sql, Int32(values.count), nil, values.isEmpty ? nil : $0, nil, nil, 0)
            }
        }
    }

    static func rows(of result: OpaquePointer?, connection: OpaquePointer) throws -> PostgresRows {
        guard let result else {
            throw PostgresError(kind: .connection, sqlState: nil, message: errorMessage(of: connection))
        }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_SINGLE_TUPLE:
            break
        default:
            let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            throw PostgresError(kind: .query, sqlState: sqlState, message: primary ?? errorMessage(of: connection))
        }
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let values = (0..<rowCount).map { row in
            (0..<columnCount).map { column -> String? in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, values: values, affectedRows: affected)
    }

    static func errorMessage(of connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingTrailingWhitespace()
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
