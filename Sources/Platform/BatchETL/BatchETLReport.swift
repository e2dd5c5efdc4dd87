import Contracts

/// What one batch ETL run did.
public struct BatchETLReport: Sendable {
    /// The run's id, also the quarantine folder's name.
    public let runID: String
    /// The dataset's name.
    public let dataset: String
    /// The input as given (`s3://…` or a local path).
    public let input: String
    /// Data rows read (the header not counted).
    public let rows: Int
    /// Rows that passed the schema and were loaded.
    public let good: Int
    /// Rows written to quarantine.
    public let quarantined: Int
    /// Where the quarantined rows are; nil when there were none.
    public let quarantineURI: String?
    /// Rows inserted or changed per table.
    public let changes: StarSchemaChanges
    /// Wall-clock seconds from start to the last commit.
    public let durationSeconds: Double
    /// How the notification went.
    public let webhook: WebhookDelivery

    /// The notification's JSON: run id, dataset, status, counts and duration.
    static func notification(
        runID: String, dataset: String, status: String, rows: Int, good: Int, quarantined: Int,
        quarantineURI: String?, durationSeconds: Double, error: String?
    ) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "run_id", value: .string(runID)),
            .init(key: "dataset", value: .string(dataset)),
            .init(key: "status", value: .string(status)),
            .init(key: "counts", value: [
                "rows": .number(JSONNumber(rows)), "good": .number(JSONNumber(good)),
                "quarantined": .number(JSONNumber(quarantined)),
            ]),
            .init(key: "duration_ms", value: .number(JSONNumber(Int((durationSeconds * 1000).rounded())))),
            .init(key: "quarantine_uri", value: quarantineURI.map(JSONValue.string) ?? .null),
        ]
        if let error { members.append(.init(key: "error", value: .string(error))) }
        return .object(JSONObject(members))
    }
}
