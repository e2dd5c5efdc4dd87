/// One source of a ``SourcesConfig``.
public struct SourceSpec: Sendable, Decodable, Equatable {
    /// What a source is.
    public enum Kind: String, Sendable, Decodable {
        /// A JSON API paged by `?limit=&offset=` (or, without `limit`, by the links its pages carry).
        case rest
        /// CSV and Parquet files dropped in a local inbox folder.
        case files
        /// Synthetic posts (`source.posts.v1`) produced to Kafka.
        case synthetic
    }

    /// The source's name, unique in the file: how reports and logs name it.
    public var name: String
    public var kind: Kind
    /// The dataset the source feeds (`rest`, `files`); `files` also checks the dataset's declared
    /// columns when it is one of ``DatasetSchema/all``.
    public var dataset: String?
    /// `rest`: the path below the mock API's URL, e.g. `/api/v1/sensors`.
    public var path: String?
    /// `rest`: the page size asked for with `?limit=`.
    public var limit: Int?
    /// `files`: the inbox folder.
    public var inbox: String?
    /// `synthetic`: how many posts.
    public var count: Int?

    public init(
        name: String, kind: Kind, dataset: String? = nil, path: String? = nil, limit: Int? = nil, inbox: String? = nil, count: Int? = nil
    ) {
        self.name = name
        self.kind = kind
        self.dataset = dataset
        self.path = path
        self.limit = limit
        self.inbox = inbox
        self.count = count
    }

    func check() throws {
        let problem: String? =
            switch kind {
            case .rest where dataset == nil || path?.hasPrefix("/") != true: "a rest source needs dataset and a path starting with /"
            case .rest where (limit ?? 1) < 1: "limit must be at least 1"
            case .files where dataset == nil || inbox == nil: "a files source needs dataset and inbox"
            case .synthetic where (count ?? -1) < 0: "a synthetic source needs count >= 0"
            default: nil
            }
        if let problem { throw SourcesConfigError("source \(name): \(problem)") }
    }
}
