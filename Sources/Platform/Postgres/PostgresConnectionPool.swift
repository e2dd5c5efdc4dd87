import Dispatch
import Synchronization

/// At most `size` connections to one database, opened on first need and reused afterwards.
///
/// A libpq connection serves one statement at a time and a transaction is connection state, so work that
/// runs concurrently needs one connection each; opening one costs a fork on the server and an
/// authentication round trip, which is why they are kept. A connection is returned to the pool only when
/// it is still open and outside any transaction; otherwise it is closed and a fresh one opened later.
/// `withConnection` blocks the calling thread while all `size` connections are in use.
public final class PostgresConnectionPool: Sendable {
    private let connectionString: String
    private let permits: DispatchSemaphore
    private let idle = Mutex<[PostgresConnection]>([])

    /// Creates a pool of at most `size` connections (at least 1) opened with `connectionString`.
    public init(connectionString: String, size: Int) {
        self.connectionString = connectionString
        self.permits = DispatchSemaphore(value: max(size, 1))
    }

    /// Runs `body` with a connection of its own, returned to the pool afterwards, and returns its result.
    @discardableResult
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        permits.wait()
        defer { permits.signal() }
        let connection = try idle.withLock { $0.popLast() } ?? PostgresConnection(connectionString: connectionString)
        defer {
            if connection.isReusable { idle.withLock { $0.append(connection) } }
        }
        return try body(connection)
    }

    /// How many opened connections wait unused.
    public var idleCount: Int {
        idle.withLock { $0.count }
    }
}
