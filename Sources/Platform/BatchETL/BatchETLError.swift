/// Why a batch ETL run could not start or finish. Row-level problems are not errors: they go to quarantine.
public struct BatchETLError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String { case configuration, input, schema, load }
        private let base: Base
        /// The PII salt (or another setting) is missing or unreadable.
        public static let configuration = Kind(base: .configuration)
        /// The input file or object cannot be read, or is not CSV.
        public static let input = Kind(base: .input)
        /// The header lacks a column the dataset's schema declares.
        public static let schema = Kind(base: .schema)
        /// PostgreSQL or S3 refused a write.
        public static let load = Kind(base: .load)
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// What went wrong, for a person.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind) error: \(message)" }
}
