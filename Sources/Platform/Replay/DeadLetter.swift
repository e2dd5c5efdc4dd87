/// One row of `meta.ingestion_failures`: an input that failed after its last retry, where its dead
/// letter is, and whether `sluice replay` has landed it since.
public struct DeadLetter: Sendable {
    /// The row's id, what `sluice replay <failure-id>` takes.
    public let failureID: String
    /// The ingestor that failed: `file`, `http` or `stream`.
    public let source: String
    /// The dataset (for streams, the topic read).
    public let dataset: String?
    /// The kind of failure (`storage`, `http_status`, `transport`, `malformed_csv`…).
    public let errorKind: String
    /// The error after the last attempt.
    public let error: String
    /// Attempts made before giving up.
    public let attempts: Int
    /// Where the input came from (`file://…`, the page's URL, `kafka://topic/partition/offset`).
    public let inputURI: String?
    /// The stored input, `s3://<raw>/dead-letter/...`: what a replay re-drives.
    public let deadLetterURI: String?
    /// When it failed (RFC 3339, as PostgreSQL prints it).
    public let occurredAt: String
    /// When a replay landed it, nil while it has not.
    public let replayedAt: String?
    /// The ingestion run of that replay.
    public let replayRunID: String?

    /// The columns read, in the order of ``init(row:)``.
    static let columns = """
        failure_id::text AS failure_id, source, dataset, error_kind, error, attempts, input_uri, dead_letter_uri,
        occurred_at::text AS occurred_at, replayed_at::text AS replayed_at, replay_run_id::text AS replay_run_id
        """

    init(row: PostgresRow) throws {
        failureID = try row.decode("failure_id") ?? ""
        source = try row.decode("source") ?? ""
        dataset = try row.decode("dataset")
        errorKind = try row.decode("error_kind") ?? ""
        error = try row.decode("error") ?? ""
        attempts = try row.decode("attempts") ?? 1
        inputURI = try row.decode("input_uri")
        deadLetterURI = try row.decode("dead_letter_uri")
        occurredAt = try row.decode("occurred_at") ?? ""
        replayedAt = try row.decode("replayed_at")
        replayRunID = try row.decode("replay_run_id")
    }
}
