import Foundation

/// The sources one `sluice sources run` pass reads, and how patiently: a JSON file.
///
/// ```json
/// {
///   "retry": {"max_attempts": 4, "base_delay_ms": 200, "max_delay_ms": 2000},
///   "sources": [
///     {"name": "sensors-api", "kind": "rest", "dataset": "sensors", "path": "/api/v1/sensors", "limit": 5},
///     {"name": "drops", "kind": "files", "dataset": "traffic", "inbox": "/data/inbox"},
///     {"name": "posts", "kind": "synthetic", "count": 100}
///   ]
/// }
/// ```
public struct SourcesConfig: Sendable, Decodable, Equatable {
    /// Retries of every request and write: capped exponential backoff with jitter.
    public struct Retry: Sendable, Decodable, Equatable {
        /// Attempts in all, the first included.
        public var maxAttempts: Int
        /// The backoff scale of the first retry, in milliseconds.
        public var baseDelayMs: Int
        /// The cap of any one delay, in milliseconds (a server's `Retry-After` is capped too).
        public var maxDelayMs: Int

        /// The policy these numbers make.
        public var policy: RetryPolicy {
            RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(baseDelayMs), maxDelay: .milliseconds(maxDelayMs))
        }

        public init(maxAttempts: Int = 5, baseDelayMs: Int = 200, maxDelayMs: Int = 10_000) {
            self.maxAttempts = maxAttempts
            self.baseDelayMs = baseDelayMs
            self.maxDelayMs = maxDelayMs
        }
    }

    /// Retries shared by all sources.
    public var retry: Retry
    /// The sources, read in this order on every pass.
    public var sources: [SourceSpec]

    public init(retry: Retry = Retry(), sources: [SourceSpec]) {
        self.retry = retry
        self.sources = sources
    }

    private enum CodingKeys: String, CodingKey { case retry, sources }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        retry = try container.decodeIfPresent(Retry.self, forKey: .retry) ?? Retry()
        sources = try container.decode([SourceSpec].self, forKey: .sources)
    }

    /// Reads and checks the file at `path`; a malformed or inconsistent file throws ``SourcesConfigError``.
    public static func load(path: String) throws -> SourcesConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SourcesConfigError("cannot read \(path): \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let config: SourcesConfig
        do {
            config = try decoder.decode(SourcesConfig.self, from: data)
        } catch {
            throw SourcesConfigError("\(path) is not a sources file: \(error)")
        }
        try config.check()
        return config
    }

    /// Throws when two sources share a name, a number is out of range or a source lacks what its kind needs.
    public func check() throws {
        guard retry.maxAttempts >= 1, retry.baseDelayMs >= 0, retry.maxDelayMs >= retry.baseDelayMs else {
            throw SourcesConfigError("retry needs max_attempts >= 1 and 0 <= base_delay_ms <= max_delay_ms")
        }
        guard !sources.isEmpty else { throw SourcesConfigError("no sources") }
        var names: Set<String> = []
        for source in sources {
            guard names.insert(source.name).inserted else { throw SourcesConfigError("two sources are named \(source.name)") }
            try source.check()
        }
    }
}

/// Why a sources file cannot be used.
public struct SourcesConfigError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
