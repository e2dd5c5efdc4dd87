/// The metadata registry in PostgreSQL's `meta` schema: runs, dataset schema versions and failures.
public struct IngestionRegistry: Sendable {
    let connection: PostgresConnection

    /// Uses `connection`, a connection to the bootstrapped database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Opens a run of `source` (file, http, stream…) for `dataset`; returns its id. `traceID` is the
    /// W3C trace id of the work, kept in the run's `trace_id` so logs and events join to it.
    public func startRun(source: String, dataset: String, traceID: String? = nil) throws -> String {
        let rows = try connection.query(
            "INSERT INTO meta.ingestion_runs (source, dataset, trace_id) VALUES ($1, $2, $3) RETURNING run_id::text AS run_id",
            [source, dataset, traceID])
        return try rows[0].decode("run_id", as: String.self) ?? ""
    }

    /// Closes a run with its outcome and counts.
    public func finishRun(
        _ runID: String, status: String, recordsIn: Int = 0, recordsOut: Int = 0, bytesIn: Int = 0,
        rawURI: String? = nil, schemaHash: String? = nil, error: String? = nil
    ) throws {
        try connection.query(
            """
            UPDATE meta.ingestion_runs SET status = $2, finished_at = now(), records_in = $3, records_out = $4,
                bytes_in = $5, raw_uri = $6, schema_hash = $7, error = $8
            WHERE run_id = $1::uuid
            """,
            [runID, status, "\(recordsIn)", "\(recordsOut)", "\(bytesIn)", rawURI, schemaHash, error])
    }

    /// Records that `dataset` was seen with `columns`; returns the schema's version, new or known.
    ///
    /// A column set never seen before becomes the next version; one seen before keeps its version and
    /// has its `last_seen` moved. One statement, so two runs at once cannot both take the same version
    /// (the unique (dataset, version) key would refuse the second, which then retries).
    public func recordSchema(dataset: String, hash: String, columnsJSON: String, runID: String) throws -> Int {
        let sql = """
            INSERT INTO meta.ingestion_schemas (dataset, schema_hash, version, columns, first_run_id)
            SELECT $1, $2, COALESCE(max(version), 0) + 1, $3::jsonb, $4::uuid FROM meta.ingestion_schemas WHERE dataset = $1
            ON CONFLICT (dataset, schema_hash) DO UPDATE SET last_seen = now()
            RETURNING version
            """
        var attempt = 1
        while true {
            do {
                return try connection.query(sql, [dataset, hash, columnsJSON, runID])[0].decode("version", as: Int.self) ?? 0
            } catch let error as PostgresError where error.sqlState == "23505" && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Records a failure after its last attempt (`runID` nil when the work has no registered run, as a
    /// stream consumer's has not); returns the failure's id, which `sluice replay` takes.
    ///
    /// - Parameters:
    ///   - topic, partition, offset: where a stream message sat in its log, for stream failures.
    @discardableResult
    public func recordFailure(
        runID: String?, source: String, dataset: String, kind: String, error: String, inputURI: String?,
        deadLetterURI: String?, attempts: Int = 1, topic: String? = nil, partition: Int32? = nil, offset: Int64? = nil
    ) throws -> String {
        let rows = try connection.query(
            """
            INSERT INTO meta.ingestion_failures (run_id, source, dataset, error_kind, error, input_uri, dead_letter_uri,
                attempts, topic, kafka_partition, kafka_offset)
            VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            RETURNING failure_id::text AS failure_id
            """,
            [runID, source, dataset, kind, error, inputURI, deadLetterURI, "\(attempts)", topic, partition.map { "\($0)" },
             offset.map { "\($0)" }])
        return try rows[0].decode("failure_id", as: String.self) ?? ""
    }
}
