/// Why `sluice serve` could not load the curated data; nothing was changed in PostgreSQL when it throws.
///
/// The message names the object or key at fault (`s3://curated/hive/...`), so that an operator can act
/// on it as it is shown.
public struct ServingError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure it was.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable { case noCuratedData, badPartition, unreadableObject, unexpectedSchema, badData, notBootstrapped }
        private let base: Base

        /// The curated prefix holds no data object (curation has not run, or the bucket is missing).
        public static let noCuratedData = Kind(base: .noCuratedData)
        /// An object's key does not carry the Hive partition value the table needs (`traffic_date=YYYY-MM-DD/`).
        public static let badPartition = Kind(base: .badPartition)
        /// An object is not readable Parquet (truncated, no `PAR1` magic, corrupt pages).
        public static let unreadableObject = Kind(base: .unreadableObject)
        /// A Parquet object lacks a column the table needs, or holds it with another type.
        public static let unexpectedSchema = Kind(base: .unexpectedSchema)
        /// The rows break the table's rules: a key given twice, a key column that is null.
        public static let badData = Kind(base: .badData)
        /// The serving tables do not exist: `sluice bootstrap` has not run against this database.
        public static let notBootstrapped = Kind(base: .notBootstrapped)

        public var description: String {
            switch base {
            case .noCuratedData: "no curated data"
            case .badPartition: "bad partition"
            case .unreadableObject: "unreadable object"
            case .unexpectedSchema: "unexpected schema"
            case .badData: "bad data"
            case .notBootstrapped: "not bootstrapped"
            }
        }
    }

    /// What kind of failure it was.
    public let kind: Kind
    /// What went wrong and where, for people.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "serve: \(message)" }
}
