/// What one pass of a ``SourcesWorker`` did, source by source.
public struct SourcesReport: Sendable {
    /// One source's part of the pass.
    public struct Outcome: Sendable {
        /// The source's name in the config.
        public let name: String
        public let kind: SourceSpec.Kind
        /// The `meta.ingestion_runs` ids of the source's runs (a files source has one per file).
        public internal(set) var runIDs: [String] = []
        /// Objects landed in RAW (pages, files) or posts acknowledged (synthetic), each with its event.
        public internal(set) var landed = 0
        /// Records in those: items of the pages' `data`, rows of the files, posts.
        public internal(set) var records = 0
        /// Why the source did not finish, after the last retry; nil when it did. Its dead letters are in
        /// `meta.ingestion_failures`, where `sluice replay` finds them.
        public internal(set) var failure: String?
    }

    /// The outcomes, in the config's order.
    public internal(set) var outcomes: [Outcome] = []

    /// The outcomes of the sources that failed.
    public var failed: [Outcome] { outcomes.filter { $0.failure != nil } }
}
