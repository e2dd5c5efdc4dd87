/// What one `sluice curate traffic` run did.
public struct TrafficCurationReport: Sendable {
    /// A RAW file that was not curated, and where its report is.
    public struct Quarantined: Sendable, Equatable {
        /// `s3://raw/...` of the file (RAW is write-once: the file stays where it is).
        public let rawURI: String
        /// `s3://curated/quarantine/traffic/<run-id>/<raw key>.report.json`.
        public let reportURI: String
        public let rejection: TrafficFileRejection
    }

    /// The run's id, in the quarantine reports' keys.
    public let runID: String
    /// RAW objects considered (CSV files under `source=file/`).
    public internal(set) var files = 0
    /// The bytes of the RAW objects considered.
    public internal(set) var bytesRead = 0
    /// The RAW files curated.
    public internal(set) var curatedFiles: [String] = []
    public internal(set) var quarantined: [Quarantined] = []
    public internal(set) var counts = TrafficCurationCounts()
    /// `s3://curated/hive/...` of every Parquet file written.
    public internal(set) var parquetFiles: [String] = []
    /// Keys of Parquet files of an earlier run that this run's output replaced and that were deleted.
    public internal(set) var deletedStaleFiles: [String] = []

    init(runID: String) {
        self.runID = runID
    }
}
