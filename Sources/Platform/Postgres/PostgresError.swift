/// An error from PostgreSQL or from libpq, carrying the server's SQLSTATE when there is one.
///
/// The SQLSTATE is the stable, documented way to tell errors apart (`23505` unique violation,
/// `42P01` undefined table, `08001` cannot connect); the message is for people.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What failed.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable { case connection, query, decoding, usage }
        private let base: Base

        /// The connection could not be opened or was lost.
        public static let connection = Kind(base: .connection)
        /// The server rejected a statement.
        public static let query = Kind(base: .query)
        /// A value in a result could not be read as the type asked for.
        public static let decoding = Kind(base: .decoding)
        /// The call is not allowed in the connection's state (a transaction inside a transaction, a COPY
        /// statement that is not `FROM STDIN`): a bug in the caller, not in the data.
        public static let usage = Kind(base: .usage)

        public var description: String {
            switch base {
            case .connection: "connection"
            case .query: "query"
            case .decoding: "decoding"
            case .usage: "usage"
            }
        }
    }

    /// What failed.
    public let kind: Kind
    /// The five-character SQLSTATE the server sent, or nil when the failure was on the client side.
    public let sqlState: String?
    /// The primary message from the server or libpq.
    public let message: String

    /// Creates an error; `sqlState` is nil for client-side failures.
    public init(kind: Kind, sqlState: String?, message: String) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String {
        if let sqlState {
            return "PostgreSQL \(kind) error \(sqlState): \(message)"
        }
        return "PostgreSQL \(kind) error: \(message)"
    }
}
