import Foundation

/// The bronze table of service events: Parquet objects in the curated bucket, Hive-partitioned by
/// `event_date` and `service`.
///
/// Object key: `bronze/service_events/event_date=YYYY-MM-DD/service=<service>/part-<kafka partition>-<first offset>.parquet`,
/// where the first offset is the lowest offset among the file's rows. The name is a function of the
/// rows' place in the log, not of time, so a batch redone after a crash (before its commit) starts at
/// the same committed offset and writes the same names: it overwrites what the crashed attempt wrote
/// rather than adding a duplicate. The partition columns live in the path only (as Hive, DuckDB's
/// `hive_partitioning` and Trino expect); the file holds ``schema``.
public enum BronzeServiceEventsTable {
    /// The key prefix of the table in the curated bucket.
    public static let prefix = "bronze/service_events/"

    /// The columns of every file.
    public static let schema = ParquetSchema([
        ParquetColumn("event_id", .string, optional: false),
        ParquetColumn("level", .string, optional: false),
        ParquetColumn("message", .string, optional: false),
        ParquetColumn("ts", .timestampMicrosUTC, optional: false),
        ParquetColumn("duration_ms", .int64),
        ParquetColumn("kafka_partition", .int32, optional: false),
        ParquetColumn("kafka_offset", .int64, optional: false),
    ])

    /// One row: the event and where it sat in the log.
    public struct Row: Sendable {
        /// The event.
        public var event: ServiceEvent
        /// Its Kafka partition.
        public var partition: Int32
        /// Its Kafka offset.
        public var offset: Int64
    }

    /// The object key of a file holding `rows` of one date, service and Kafka partition.
    static func key(eventDate: String, service: String, partition: Int32, firstOffset: Int64) -> String {
        "\(prefix)event_date=\(eventDate)/service=\(service)/part-\(partition)-\(firstOffset).parquet"
    }

    /// The rows grouped into files: key → rows in offset order.
    static func files(of rows: [Row]) -> [(key: String, rows: [Row])] {
        let groups = Dictionary(grouping: rows) { "\($0.event.eventDate)/\($0.event.service)/\($0.partition)" }
        return groups.values.map { group in
            let sorted = group.sorted { $0.offset < $1.offset }
            let first = sorted[0]
            return (key(eventDate: first.event.eventDate, service: first.event.service, partition: first.partition, firstOffset: first.offset), sorted)
        }.sorted { $0.key < $1.key }
    }

    /// `rows` as the bytes of one Parquet file (written through a temporary file, removed after).
    static func parquet(_ rows: [Row]) throws -> [UInt8] {
        var batch = ParquetBatch(schema: schema, reservingCapacity: rows.count)
        for row in rows {
            batch.append(string: row.event.eventID, column: 0)
            batch.append(string: row.event.level, column: 1)
            batch.append(string: row.event.message, column: 2)
            batch.append(int64: row.event.timestampMilliseconds * 1000, column: 3)
            batch.append(int64: row.event.durationMilliseconds, column: 4)
            batch.append(int32: row.partition, column: 5)
            batch.append(int64: row.offset, column: 6)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bronze-\(UUID().uuidString).parquet").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: schema)
        try writer.write(batch)
        _ = try writer.close()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
