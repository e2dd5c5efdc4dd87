import Glibc

/// Why a Parquet file could not be written or read.
///
/// The message names what was wrong in terms of the file ("not a Parquet file: no PAR1 magic at the end",
/// "column \"fare\" is required but row 17 is null"), so that it can be shown to an operator as it is.
public struct ParquetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure it was.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable { case notParquet, corrupt, unsupported, invalidSchema, invalidBatch, io, codec, usage }
        private let base: Base

        /// The bytes are not a Parquet file at all (no `PAR1` magic, too short).
        public static let notParquet = Kind(base: .notParquet)
        /// The file claims to be Parquet but its footer, page headers or pages do not hold together.
        public static let corrupt = Kind(base: .corrupt)
        /// A valid Parquet feature this implementation does not read (nested columns, INT96, LZ4, ...).
        public static let unsupported = Kind(base: .unsupported)
        /// The schema cannot be written (no columns, an empty or repeated name).
        public static let invalidSchema = Kind(base: .invalidSchema)
        /// A batch does not fit the writer (another schema, a null in a required column, ragged columns).
        public static let invalidBatch = Kind(base: .invalidBatch)
        /// The operating system refused a file operation.
        public static let io = Kind(base: .io)
        /// The compression library failed.
        public static let codec = Kind(base: .codec)
        /// The call is not allowed in the object's state (a write after close): a bug in the caller.
        public static let usage = Kind(base: .usage)

        public var description: String {
            switch base {
            case .notParquet: "not Parquet"
            case .corrupt: "corrupt"
            case .unsupported: "unsupported"
            case .invalidSchema: "invalid schema"
            case .invalidBatch: "invalid batch"
            case .io: "I/O"
            case .codec: "codec"
            case .usage: "usage"
            }
        }
    }

    /// What kind of failure it was.
    public let kind: Kind
    /// What went wrong, for people.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        kind == .notParquet ? "not a Parquet file: \(message)" : "Parquet \(kind) error: \(message)"
    }

    static func notParquet(_ message: String) -> ParquetError { ParquetError(kind: .notParquet, message: message) }
    static func corrupt(_ message: String) -> ParquetError { ParquetError(kind: .corrupt, message: message) }
    static func unsupported(_ message: String) -> ParquetError { ParquetError(kind: .unsupported, message: message) }
    static func invalidSchema(_ message: String) -> ParquetError { ParquetError(kind: .invalidSchema, message: message) }
    static func invalidBatch(_ message: String) -> ParquetError { ParquetError(kind: .invalidBatch, message: message) }
    static func codec(_ message: String) -> ParquetError { ParquetError(kind: .codec, message: message) }
    static func usage(_ message: String) -> ParquetError { ParquetError(kind: .usage, message: message) }

    /// An operating system failure of `operation` on `path`, with `errno`'s text.
    static func io(_ operation: String, path: String, errno code: Int32) -> ParquetError {
        ParquetError(kind: .io, message: "\(operation) \(path): \(String(cString: strerror(code)))")
    }
}
