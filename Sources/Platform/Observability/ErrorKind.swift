import Contracts

/// The `kind` label of `sluice_errors_total`: which system or check an input failed on.
public struct ErrorKind: RawRepresentable, Sendable, Hashable {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Object storage refused or failed a request.
    public static let s3 = ErrorKind(rawValue: "s3")
    /// The Kafka producer or consumer failed.
    public static let kafka = ErrorKind(rawValue: "kafka")
    /// An HTTP source failed (after its retries) or answered an error.
    public static let http = ErrorKind(rawValue: "http")
    /// PostgreSQL failed a statement.
    public static let postgres = ErrorKind(rawValue: "postgres")
    /// An input or an event did not match its schema or contract.
    public static let validation = ErrorKind(rawValue: "validation")
    /// An input could not be parsed (malformed CSV or JSON).
    public static let parse = ErrorKind(rawValue: "parse")
    /// Anything else.
    public static let other = ErrorKind(rawValue: "other")

    /// The kind of `error` as the platform's own error types tell it; `curl` is what a libcurl
    /// transport failure counts as where it happened (S3 for storage writes, HTTP for a source).
    public static func of(_ error: any Error, curl: ErrorKind = .s3) -> ErrorKind {
        switch error {
        case is S3ResponseError: .s3
        case is CurlError: curl
        case is KafkaError: .kafka
        case is PostgresError: .postgres
        case is EventPublisherError, is FileIngestError: .validation
        case is CSVError, is JSONParseError: .parse
        default: .other
        }
    }
}
