import CLibPQ

extension PostgresConnection {
    /// Whether libpq still has a working connection (false once the server went away).
    var isOpen: Bool {
        handle.withLock { PQstatus($0) == CONNECTION_OK }
    }
}
