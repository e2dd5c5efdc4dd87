import Foundation

/// Writes `stg_traffic` and `fct_traffic_daily` as Hive-style Parquet partitions under a local folder:
/// `stg/stg_traffic/traffic_date=YYYY-MM-DD/part-00000.parquet` and
/// `curated/fct_traffic_daily/traffic_date=YYYY-MM-DD/part-00000.parquet` (STG rows without a date under
/// `traffic_date=__HIVE_DEFAULT_PARTITION__`, as Hive and Trino name it). The partition column is in the
/// path only, not in the files, as Hive and Trino write it.
///
/// One writer per STG date is open while the rows arrive (they come in reading_id-hash order, not by
/// date), each holding at most one row group of `rowGroupRows` rows: memory grows with the number of
/// days in the input, not with its rows. ``close()`` closes every file; only closed files are listed in
/// ``files``, so a caller uploads nothing half-written.
public final class TrafficParquetSink: TrafficCurationSink {
    /// One closed Parquet file.
    public struct File: Sendable, Equatable {
        /// The path under the sink's folder, `stg/stg_traffic/traffic_date=…/part-00000.parquet`.
        public let relativePath: String
        public let rowCount: Int64
        public let byteCount: Int64
    }

    /// The value Hive writes for a NULL partition column.
    public static let nullPartition = "__HIVE_DEFAULT_PARTITION__"

    /// The columns of `stg_traffic`'s Parquet files, as the dbt model selects them; `traffic_date` is the
    /// Hive partition, in the key rather than the file.
    public static let stagingSchema = ParquetSchema([
        ParquetColumn("reading_id", .string), ParquetColumn("sensor_id", .string), ParquetColumn("road", .string),
        ParquetColumn("direction", .string), ParquetColumn("road_segment_id", .string), ParquetColumn("city", .string),
        ParquetColumn("lat", .double), ParquetColumn("lon", .double),
        ParquetColumn("measured_at_utc", .timestampMicrosUTC), ParquetColumn("vehicle_count", .int64),
        ParquetColumn("avg_speed_kmh", .double), ParquetColumn("occupancy_pct", .double),
        ParquetColumn("congestion_level", .string), ParquetColumn("congestion_level_rank", .int32),
        ParquetColumn("incident_flag", .boolean), ParquetColumn("source_system", .string),
    ])

    /// The columns of `fct_traffic_daily`'s Parquet files; `traffic_date` is the Hive partition.
    public static let dailySchema = ParquetSchema([
        ParquetColumn("sensor_id", .string), ParquetColumn("city", .string), ParquetColumn("readings", .int64),
        ParquetColumn("total_vehicle_count", .int64), ParquetColumn("avg_vehicle_count", .double),
        ParquetColumn("avg_speed_kmh", .double), ParquetColumn("avg_occupancy_pct", .double),
        ParquetColumn("congestion_level_max", .string), ParquetColumn("congestion_level_rank_max", .int32),
        ParquetColumn("incident_count", .int64),
    ])

    private final class OpenFile {
        let relativePath: String
        let writer: ParquetFileWriter
        var batch: ParquetBatch

        init(relativePath: String, writer: ParquetFileWriter, schema: ParquetSchema) {
            self.relativePath = relativePath
            self.writer = writer
            self.batch = ParquetBatch(schema: schema, reservingCapacity: TrafficParquetSink.batchRows)
        }
    }

    private static let batchRows = 8192
    /// The folder the partitions are written under.
    public let directory: String
    private let options: ParquetWriterOptions
    private var staging: [Int32?: OpenFile] = [:]
    private var daily: [Int32: OpenFile] = [:]
    /// The files closed so far, in the order they were closed.
    public private(set) var files: [File] = []

    /// Creates a sink writing under `directory` (created if needed).
    public init(directory: String, options: ParquetWriterOptions = .init(rowGroupRows: 65_536)) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.options = options
    }

    /// The partition folder's value for a date: `YYYY-MM-DD`, or Hive's NULL partition.
    public static func partitionValue(_ days: Int32?) -> String {
        guard let days else { return nullPartition }
        return UTCTimeText.day(daysSinceEpoch: Int64(days))
    }

    public func write(staging row: StgTrafficRow) throws {
        let file = try staging[row.trafficDate] ?? open("stg/stg_traffic", row.trafficDate, Self.stagingSchema) {
            staging[row.trafficDate] = $0
        }
        file.batch.append(string: row.readingID, column: 0)
        file.batch.append(string: row.sensorID, column: 1)
        file.batch.append(string: row.road, column: 2)
        file.batch.append(string: row.direction, column: 3)
        file.batch.append(string: row.roadSegmentID, column: 4)
        file.batch.append(string: row.city, column: 5)
        file.batch.append(double: row.lat, column: 6)
        file.batch.append(double: row.lon, column: 7)
        file.batch.append(int64: row.measuredAtMicros, column: 8)
        file.batch.append(int64: row.vehicleCount, column: 9)
        file.batch.append(double: row.avgSpeedKmh, column: 10)
        file.batch.append(double: row.occupancyPct, column: 11)
        file.batch.append(string: row.congestionLevel, column: 12)
        file.batch.append(int32: row.congestionLevelRank, column: 13)
        file.batch.append(boolean: row.incidentFlag, column: 14)
        file.batch.append(string: row.sourceSystem, column: 15)
        if file.batch.rowCount >= Self.batchRows { try flush(file) }
    }

    public func write(daily row: FctTrafficDailyRow) throws {
        let file = try daily[row.trafficDate] ?? open("curated/fct_traffic_daily", row.trafficDate, Self.dailySchema) {
            daily[row.trafficDate] = $0
        }
        file.batch.append(string: row.sensorID, column: 0)
        file.batch.append(string: row.city, column: 1)
        file.batch.append(int64: row.readings, column: 2)
        file.batch.append(int64: row.totalVehicleCount, column: 3)
        file.batch.append(double: row.avgVehicleCount, column: 4)
        file.batch.append(double: row.avgSpeedKmh, column: 5)
        file.batch.append(double: row.avgOccupancyPct, column: 6)
        file.batch.append(string: row.congestionLevelMax, column: 7)
        file.batch.append(int32: row.congestionLevelRankMax, column: 8)
        file.batch.append(int64: row.incidentCount, column: 9)
        if file.batch.rowCount >= Self.batchRows { try flush(file) }
    }

    /// Writes out what is buffered and closes every file (footers written); lists them in ``files``.
    public func close() throws {
        let open = staging.values.sorted { $0.relativePath < $1.relativePath }
            + daily.values.sorted { $0.relativePath < $1.relativePath }
        staging = [:]
        daily = [:]
        for file in open {
            try flush(file)
            let summary = try file.writer.close()
            files.append(File(relativePath: file.relativePath, rowCount: summary.rowCount, byteCount: summary.byteCount))
        }
    }

    private func open(
        _ table: String, _ date: Int32?, _ schema: ParquetSchema, remember: (OpenFile) -> Void
    ) throws -> OpenFile {
        let folder = "\(table)/traffic_date=\(Self.partitionValue(date))"
        try FileManager.default.createDirectory(atPath: "\(directory)/\(folder)", withIntermediateDirectories: true)
        let relativePath = "\(folder)/part-00000.parquet"
        let writer = try ParquetFileWriter(path: "\(directory)/\(relativePath)", schema: schema, options: options)
        let file = OpenFile(relativePath: relativePath, writer: writer, schema: schema)
        remember(file)
        return file
    }

    private func flush(_ file: OpenFile) throws {
        guard file.batch.rowCount > 0 else { return }
        try file.writer.write(file.batch)
        file.batch.removeAll()
    }
}
