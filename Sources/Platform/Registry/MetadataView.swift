/// One of the `meta` views the bootstrap creates, as `sluice meta` reads it.
public enum MetadataView: String, Sendable, CaseIterable {
    /// `meta.source_freshness`: per source and dataset, the last success and the last run.
    case freshness
    /// `meta.run_row_counts`: per run, its counts, newest first.
    case runs
    /// `meta.recent_failures`: dead letters and failed runs, newest first.
    case failures

    /// The view's qualified name.
    public var viewName: String {
        switch self {
        case .freshness: "meta.source_freshness"
        case .runs: "meta.run_row_counts"
        case .failures: "meta.recent_failures"
        }
    }

    /// Columns whose text is a number (rendered as JSON numbers by ``MetadataTable/json``).
    var numericColumns: Set<String> {
        switch self {
        case .freshness: ["runs", "failed_runs"]
        case .runs: ["seconds", "records_in", "records_out", "bytes_in", "failures"]
        case .failures: ["attempts"]
        }
    }

    /// The query, timestamps as ISO 8601 UTC text, newest first, at most `limit` rows (`$1`).
    var query: String {
        switch self {
        case .freshness:
            """
            SELECT source, dataset, \(Self.utc("last_success_at")), last_success_run_id::text AS last_success_run_id,
                \(Self.utc("last_run_at")), last_status, runs, failed_runs
            FROM meta.source_freshness ORDER BY source, dataset LIMIT $1::bigint
            """
        case .runs:
            """
            SELECT run_id::text AS run_id, source, dataset, status, \(Self.utc("started_at")), \(Self.utc("finished_at")),
                round(seconds::numeric, 3) AS seconds, records_in, records_out, bytes_in, failures, raw_uri, trace_id
            FROM meta.run_row_counts ORDER BY started_at DESC, run_id LIMIT $1::bigint
            """
        case .failures:
            """
            SELECT \(Self.utc("occurred_at")), source, dataset, run_id::text AS run_id, failure_id::text AS failure_id,
                error_kind, error, attempts, input_uri, dead_letter_uri, \(Self.utc("replayed_at"))
            FROM meta.recent_failures ORDER BY occurred_at DESC, run_id LIMIT $1::bigint
            """
        }
    }

    private static func utc(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS \(column)"
    }
}
