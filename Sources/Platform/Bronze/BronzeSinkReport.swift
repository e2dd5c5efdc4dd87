/// What a ``BronzeSink`` run did.
public struct BronzeSinkReport: Sendable {
    /// Records consumed and committed (rows written plus dead letters).
    public internal(set) var records = 0
    /// Rows written to the bronze table.
    public internal(set) var rows = 0
    /// Parquet objects written (a redone one counts again).
    public internal(set) var files = 0
    /// Batches committed.
    public internal(set) var batches = 0
    /// Records that were not service events, sent to `service.events.dlq`.
    public internal(set) var deadLettered = 0
    /// Object writes that failed and were tried again.
    public internal(set) var writeRetries = 0
    /// The schema versions the run's events had (version → their sorted member names), as
    /// `meta.ingestion_schemas` numbers them.
    public internal(set) var schemaVersions: [Int: [String]] = [:]
}
