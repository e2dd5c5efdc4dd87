import CLibPQ

extension PostgresConnection {
    /// Runs `body` inside `BEGIN` … `COMMIT`, rolling back when it throws, and returns its result.
    ///
    /// The transaction is the connection's session state, so while it runs every statement on this
    /// connection belongs to it, including those of other threads sharing the connection: give a transaction
    /// a connection of its own (``PostgresConnectionPool``). A nested call throws a ``PostgresError/Kind/usage``
    /// error instead of silently joining the outer transaction, whose rollback would then undo the inner
    /// one's "committed" work. If `body` swallowed a failed statement, the transaction is aborted on the
    /// server and `COMMIT` would quietly roll back; that case throws instead of reporting success.
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        guard transactionOpen.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else {
            throw PostgresError(kind: .usage, sqlState: nil, message: "a transaction is already open on this connection")
        }
        defer { transactionOpen.store(false, ordering: .releasing) }
        guard handle.withLock({ PQtransactionStatus($0) }) == PQTRANS_IDLE else {
            throw PostgresError(
                kind: .usage, sqlState: nil, message: "the connection is already inside a transaction (BEGIN sent by hand?)")
        }
        try query("BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            // The caller's error is the one to report; a failed ROLLBACK (connection lost) ends the
            // transaction on the server anyway.
            _ = try? query("ROLLBACK")
            throw error
        }
        if handle.withLock({ PQtransactionStatus($0) }) == PQTRANS_INERROR {
            _ = try? query("ROLLBACK")
            throw PostgresError(
                kind: .query, sqlState: "25P02",
                message: "a statement failed inside the transaction, which was rolled back instead of committed")
        }
        try query("COMMIT")
        return value
    }

    /// Bulk-loads `rows` with `sql`, a `COPY … FROM STDIN` statement, and returns the number of rows stored.
    ///
    /// Each element is one line in the format `sql` names (`WITH (FORMAT csv)` or the default text format),
    /// with or without its trailing newline; lines are batched into 64 KiB `PQputCopyData` calls. COPY is
    /// one statement: a malformed line fails it with the server's SQLSTATE (`22P02` bad value, `22P04` bad
    /// COPY data) and no row of the load is stored. The connection is held for the whole load.
    @discardableResult
    public func copyIn<Rows: Sequence>(sql: String, rows: Rows) throws -> Int where Rows.Element == String {
        try handle.withLock { connection in
            guard let started = PQexec(connection, sql) else {
                throw PostgresError(kind: .connection, sqlState: nil, message: Self.errorMessage(of: connection))
            }
            guard PQresultStatus(started) == PGRES_COPY_IN else {
                defer { PQclear(started) }
                _ = try Self.rows(of: started, connection: connection)
                throw PostgresError(kind: .usage, sqlState: nil, message: "not a COPY … FROM STDIN statement: \(sql)")
            }
            PQclear(started)

            var buffer: [UInt8] = []
            buffer.reserveCapacity(Self.copyBatchBytes + 4096)
            var sendFailed = false
            func flush() {
                guard !buffer.isEmpty, !sendFailed else { return }
                let sent = buffer.withUnsafeBufferPointer { bytes in
                    bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        PQputCopyData(connection, $0, Int32(bytes.count))
                    }
                }
                sendFailed = sent != 1
                buffer.removeAll(keepingCapacity: true)
            }
            for row in rows {
                buffer.append(contentsOf: row.utf8)
                if buffer.last != UInt8(ascii: "\n") { buffer.append(UInt8(ascii: "\n")) }
                if buffer.count >= Self.copyBatchBytes { flush() }
                if sendFailed { break }
            }
            flush()
            let sendError = sendFailed ? Self.errorMessage(of: connection) : nil
            _ = PQputCopyEnd(connection, sendError)

            // The outcome of COPY arrives as results after the end marker; they must all be read before the
            // connection can take another statement.
            var failure: (any Error)?
            var stored = 0
            while let result = PQgetResult(connection) {
                defer { PQclear(result) }
                guard failure == nil else { continue }
                do {
                    stored = try Self.rows(of: result, connection: connection).affectedRows
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            if let sendError {
                throw PostgresError(kind: .connection, sqlState: nil, message: sendError)
            }
            return stored
        }
    }

    /// How many bytes of lines go into one `PQputCopyData` call.
    private static let copyBatchBytes = 64 * 1024

    /// Whether the connection can be handed to another user: open, and not inside a transaction.
    var isReusable: Bool {
        handle.withLock { PQstatus($0) == CONNECTION_OK && PQtransactionStatus($0) == PQTRANS_IDLE }
    }
}
