import Contracts

/// What a ``PostgresSalesSink`` has done so far and what it is doing now (`GET /status`, the final report).
public struct SalesSinkStatus: Sendable, Equatable {
    /// What the sink's loop is doing.
    public enum State: String, Sendable {
        /// Polling and writing.
        case running
        /// Held by ``PipelineControl/pause()``: polls nothing, commits nothing.
        case paused
        /// The database refused or lost the connection: the batch is being retried with backoff, and
        /// no offset moves until it is written.
        case waitingForDatabase = "waiting_for_database"
        /// The run ended.
        case stopped
    }

    /// What the loop is doing.
    public internal(set) var state = State.running
    /// Whether a pause was asked for; `state` turns to `paused` once the batch in hand is committed.
    public internal(set) var pauseRequested = false
    /// Events read whose offsets are committed (written or dead-lettered).
    public internal(set) var consumed = 0
    /// Rows inserted into `raw.sales_raw`.
    public internal(set) var inserted = 0
    /// Valid events whose `event_id` was already in the table (redeliveries, duplicates).
    public internal(set) var duplicates = 0
    /// Events sent to the dead-letter topic.
    public internal(set) var deadLettered = 0
    /// Batches committed.
    public internal(set) var batches = 0
    /// Write attempts that failed and were retried.
    public internal(set) var retries = 0
    /// The last database error, kept while the sink waits for the database.
    public internal(set) var lastError: String?
    /// The age, from produce time to commit, of the oldest event of the last batch, in milliseconds.
    public internal(set) var lastLagMilliseconds: Int64?

    /// The status as the control endpoint's JSON.
    public var json: JSONValue {
        .object(JSONObject([
            .init(key: "state", value: .string(state.rawValue)),
            .init(key: "pause_requested", value: .bool(pauseRequested)),
            .init(key: "consumed", value: .number(JSONNumber(consumed))),
            .init(key: "inserted", value: .number(JSONNumber(inserted))),
            .init(key: "duplicates", value: .number(JSONNumber(duplicates))),
            .init(key: "dead_lettered", value: .number(JSONNumber(deadLettered))),
            .init(key: "batches", value: .number(JSONNumber(batches))),
            .init(key: "retries", value: .number(JSONNumber(retries))),
            .init(key: "last_error", value: lastError.map { .string($0) } ?? .null),
            .init(key: "last_lag_ms", value: lastLagMilliseconds.map { .number(JSONNumber($0)) } ?? .null),
        ]))
    }
}
