import Foundation

/// `sluice serve traffic`: the curated traffic tables from S3 into PostgreSQL + PostGIS.
///
/// Reads every CURATED `fct_traffic_daily` and STG `stg_traffic` object where ``TrafficCuration`` writes
/// them (Hive-partitioned by `traffic_date`, which is in the key, not in the file), and in one transaction
/// upserts the facts into `curated.fct_traffic_daily` and one row per sensor, with a geography point,
/// into `curated.dim_sensor`. The rows are staged with COPY and merged with `INSERT ... ON CONFLICT DO
/// UPDATE ... WHERE ... IS DISTINCT FROM`, so serving the same data again changes nothing and says so, and
/// any failure (an unreadable object, a missing column, a key given twice) rolls the whole run back: the
/// tables are either the old state or the new one.
///
/// Serving is an upsert, not a replacement: a row that is no longer in the curated data stays in the
/// table. Each run is recorded in `meta.ingestion_runs` (source `serving`), failed runs with their error.
public struct TrafficServing: Sendable {
    private let config: PlatformConfig

    /// Creates a serving run against the stack `config` describes.
    public init(config: PlatformConfig) {
        self.config = config
    }

    /// Loads everything and reports what changed; throws ``ServingError`` (or the S3 or PostgreSQL
    /// error) with nothing changed in the serving tables. The run's `trace_id` is `trace`'s.
    public func run(trace: TraceContext = .root()) throws -> TrafficServingReport {
        let s3 = S3Client(endpoint: config.s3)
        let facts = try dataObjects(s3: s3, prefix: TrafficCuration.dailyPrefix)
        let readings = try dataObjects(s3: s3, prefix: TrafficCuration.stagingPrefix)

        let connection = try PostgresConnection(connectionString: config.postgres.connectionString)
        let registry = IngestionRegistry(connection: connection)
        let runID: String
        do {
            runID = try registry.startRun(source: "serving", dataset: "traffic", traceID: trace.traceID)
        } catch let error as PostgresError {
            throw Self.explained(error)
        }
        let report: TrafficServingReport
        do {
            report = try load(facts: facts, readings: readings, s3: s3, connection: connection)
        } catch {
            let explained = (error as? PostgresError).map(Self.explained) ?? error
            _ = try? registry.finishRun(runID, status: "failed", error: "\(explained)")
            throw explained
        }
        try registry.finishRun(
            runID, status: "succeeded", recordsIn: report.facts.total + report.stagingRows,
            recordsOut: report.changedRows, bytesIn: report.bytesRead,
            rawURI: "s3://\(config.curatedBucket)/\(TrafficCuration.dailyPrefix)")
        return report
    }

    private func load(
        facts: [HivePartitionedObject], readings: [HivePartitionedObject], s3: S3Client, connection: PostgresConnection
    ) throws -> TrafficServingReport {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        return try connection.transaction { connection in
            try connection.execute(script: TrafficServingSQL.createStages)
            let loader = ParquetStageLoader(s3: s3, bucket: config.curatedBucket, connection: connection, scratchFolder: scratch)

            var factRows = 0
            for object in facts {
                let date = try Self.trafficDate(of: object, bucket: config.curatedBucket)
                factRows += try loader.load(
                    object, columns: Self.factColumns,
                    constantFields: [date, PostgresCopyText.escaped(object.key)], into: "serving_fct_stage",
                    tableColumns: ["traffic_date", "source_key"] + Self.factColumns.map(\.name))
            }
            var stagingRows = 0
            for object in readings {
                stagingRows += try loader.load(
                    object, columns: Self.stagingColumns, constantFields: [], into: "serving_stg_stage",
                    tableColumns: ["sensor_id", "city", "road", "lat", "lon", "measured_at_micros"])
            }
            try checkFacts(connection)

            let factCounts = try Self.upsert(TrafficServingSQL.upsertFacts, rows: factRows, connection)
            let sensorTotal = try connection.query(TrafficServingSQL.stagedSensors)[0].decode("sensors", as: Int.self) ?? 0
            let sensorCounts = try Self.upsert(TrafficServingSQL.upsertSensors, rows: sensorTotal, connection)
            return TrafficServingReport(
                factObjects: facts.count, stagingObjects: readings.count, stagingRows: stagingRows,
                bytesRead: (facts + readings).reduce(0) { $0 + $1.size }, facts: factCounts, sensors: sensorCounts)
        }
    }

    /// The columns read from a CURATED fact object, in the order of the staging table.
    static let factColumns: [ParquetColumnRequirement] = [
        .text("sensor_id"), .text("city"), .integer("readings"), .integer("total_vehicle_count"),
        .double("avg_vehicle_count"), .double("avg_speed_kmh"), .double("avg_occupancy_pct"),
        .text("congestion_level_max"), .integer("congestion_level_rank_max"), .integer("incident_count"),
    ]

    /// The columns read from an STG object: what a sensor's row is derived from.
    static let stagingColumns: [ParquetColumnRequirement] = [
        .text("sensor_id"), .text("city"), .text("road"), .double("lat"), .double("lon"), .timestamp("measured_at_utc"),
    ]

    /// The data objects under `prefix`; none is an error, since serving nothing would report success
    /// for a curation that never ran.
    private func dataObjects(s3: S3Client, prefix: String) throws -> [HivePartitionedObject] {
        let uri = "s3://\(config.curatedBucket)/\(prefix)"
        let objects: [HivePartitionedObject]
        do {
            objects = try HivePartitionedObject.list(s3: s3, bucket: config.curatedBucket, prefix: prefix)
        } catch let error as S3ResponseError {
            guard error.code == "NoSuchBucket" else { throw error }
            throw ServingError(kind: .noCuratedData, message: "no bucket \(config.curatedBucket) for \(uri): run `sluice bootstrap`, then `sluice curate traffic`")
        }
        guard !objects.isEmpty else {
            throw ServingError(kind: .noCuratedData, message: "no Parquet objects under \(uri): run `sluice curate traffic` first")
        }
        return objects
    }

    /// The `traffic_date=YYYY-MM-DD` partition value of a fact object's key, checked to be a date.
    static func trafficDate(of object: HivePartitionedObject, bucket: String) throws -> String {
        guard let date = object.partitionValue("traffic_date"), isDate(date) else {
            throw ServingError(
                kind: .badPartition,
                message: "s3://\(bucket)/\(object.key) has no traffic_date=YYYY-MM-DD partition in its key")
        }
        return date
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// Refuses fact rows the table's key cannot take, naming the objects, before the upsert would fail
    /// on them with a less helpful message.
    private func checkFacts(_ connection: PostgresConnection) throws {
        let withoutSensor = try connection.query(TrafficServingSQL.factWithoutSensor)
        if withoutSensor.count > 0 {
            let key = try withoutSensor[0].decode("source_key", as: String.self) ?? ""
            throw ServingError(kind: .badData, message: "s3://\(config.curatedBucket)/\(key) has a row without sensor_id")
        }
        let duplicates = try connection.query(TrafficServingSQL.duplicateFactKey)
        if duplicates.count > 0 {
            let row = duplicates[0]
            let date = try row.decode("traffic_date", as: String.self) ?? ""
            let sensor = try row.decode("sensor_id", as: String.self) ?? ""
            let city = try row.decode("city", as: String.self).map { "'\($0)'" } ?? "NULL"
            let first = try row.decode("first_key", as: String.self) ?? ""
            let last = try row.decode("last_key", as: String.self) ?? ""
            throw ServingError(
                kind: .badData,
                message: "key (\(date), \(sensor), \(city)) is given more than once, in s3://\(config.curatedBucket)/\(first)"
                    + (first == last ? "" : " and s3://\(config.curatedBucket)/\(last)"))
        }
    }

    /// Runs an upsert statement that returns `inserted` and `updated` counts; the rest of `rows` were unchanged.
    private static func upsert(_ sql: String, rows: Int, _ connection: PostgresConnection) throws -> ServingUpsertCounts {
        let result = try connection.query(sql)[0]
        let inserted = try result.decode("inserted", as: Int.self) ?? 0
        let updated = try result.decode("updated", as: Int.self) ?? 0
        return ServingUpsertCounts(inserted: inserted, updated: updated, unchanged: rows - inserted - updated)
    }

    /// A missing serving table (SQLSTATE 42P01) means the database was never bootstrapped; say so.
    private static func explained(_ error: PostgresError) -> any Error {
        guard error.sqlState == "42P01" else { return error }
        return ServingError(kind: .notBootstrapped, message: "\(error.message): run `sluice bootstrap` first")
    }
}
