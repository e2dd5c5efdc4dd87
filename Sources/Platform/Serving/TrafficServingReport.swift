/// What `sluice serve traffic` read and what it changed in PostgreSQL.
public struct TrafficServingReport: Sendable, Equatable {
    /// The CURATED Parquet objects of `fct_traffic_daily` read.
    public let factObjects: Int
    /// The STG Parquet objects of `stg_traffic` read.
    public let stagingObjects: Int
    /// The STG rows read (the readings `dim_sensor` is derived from).
    public let stagingRows: Int
    /// The bytes of every object read.
    public let bytesRead: Int
    /// What the upsert did to `curated.fct_traffic_daily`, one count per fact row read.
    public let facts: ServingUpsertCounts
    /// What the upsert did to `curated.dim_sensor`, one count per sensor the STG rows name.
    public let sensors: ServingUpsertCounts

    /// Rows inserted or updated in both tables; 0 when the same data is served again.
    public var changedRows: Int { facts.changed + sensors.changed }

    /// A human summary: one line per table, then the total.
    public var text: String {
        func line(_ table: String, _ counts: ServingUpsertCounts, _ source: String) -> String {
            "\(table): \(counts.total) \(source): \(counts.inserted) inserted, \(counts.updated) updated, "
                + "\(counts.unchanged) unchanged"
        }
        return [
            line("curated.fct_traffic_daily", facts, "rows from \(factObjects) CURATED objects"),
            line("curated.dim_sensor", sensors, "sensors from \(stagingRows) STG rows in \(stagingObjects) objects"),
            "serve traffic: \(changedRows) changed" + (changedRows == 0 ? " (already served)" : ""),
        ].joined(separator: "\n")
    }
}
