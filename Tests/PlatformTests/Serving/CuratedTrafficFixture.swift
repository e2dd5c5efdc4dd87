import Foundation
import Platform

/// The golden traffic tables as curation leaves them: Hive-partitioned Parquet in the curated bucket.
///
/// The files are made from `golden/traffic/expected/*.csv` with the schemas `sluice curate traffic`
/// writes, by Sluice's own ``ParquetFileWriter`` or by pyarrow (an independent writer: other tools'
/// Parquet must serve the same), then uploaded with S3Client under `hive/stg/stg_traffic/` and
/// `hive/curated/fct_traffic_daily/`, `traffic_date=YYYY-MM-DD/part-00000.parquet`: the partition value
/// is in the key, not in the file, and STG rows without a date go to Hive's default partition.
enum CuratedTrafficFixture {
    /// Who writes the Parquet files.
    enum Writer: Sendable, CustomStringConvertible {
        case sluice, pyarrow
        var description: String { self == .sluice ? "sluice" : "pyarrow" }
    }

    static let goldenFolder = BootstrappedStack.repositoryRoot.appendingPathComponent("golden/traffic")

    static let stagingSchema = TrafficParquetSink.stagingSchema
    static let dailySchema = TrafficParquetSink.dailySchema

    /// Writes and uploads both tables; `bumpReadingsOn` adds 1 to `readings` of that day's facts, to make
    /// a second serve change something. Returns the uploaded keys.
    @discardableResult
    static func upload(to config: PlatformConfig, writer: Writer = .sluice, bumpReadingsOn day: String? = nil) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serving-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        switch writer {
        case .sluice:
            try write(table: "hive/stg/stg_traffic", from: "stg_traffic.csv", schema: stagingSchema, into: output)
            try write(
                table: "hive/curated/fct_traffic_daily", from: "fct_traffic_daily.csv", schema: dailySchema, into: output,
                adjust: { date, row in date == day ? row.bumping("readings") : row })
        case .pyarrow:
            let script = folder.appendingPathComponent("write_parquet.py")
            try writerScript.write(to: script, atomically: true, encoding: .utf8)
            try runPython(
                [script.path, goldenFolder.appendingPathComponent("expected").path, output.path] + (day.map { [$0] } ?? []))
        }

        let s3 = S3Client(endpoint: config.s3)
        var keys: [String] = []
        let files = FileManager.default.enumerator(atPath: output.path)?.compactMap { $0 as? String } ?? []
        for relative in files.sorted() where relative.hasSuffix(".parquet") {
            try s3.upload(file: output.appendingPathComponent(relative).path, bucket: config.curatedBucket, key: relative)
            keys.append(relative)
        }
        return keys
    }

    /// One Parquet file per `traffic_date` of a golden CSV, with ``ParquetFileWriter``.
    private static func write(
        table: String, from file: String, schema: ParquetSchema, into output: URL,
        adjust: (String, GoldenRow) -> GoldenRow = { $1 }
    ) throws {
        let golden = try CanonicalTable(path: goldenFolder.appendingPathComponent("expected/\(file)").path)
        var partitions: [String: ParquetBatch] = [:]
        for fields in golden.rows {
            var row = GoldenRow(header: golden.header, fields: fields)
            let date = row["traffic_date"].isEmpty ? HivePartitionedObject.defaultPartitionValue : row["traffic_date"]
            row = adjust(date, row)
            try row.append(to: &partitions[date, default: ParquetBatch(schema: schema)])
        }
        for (date, batch) in partitions {
            let folder = output.appendingPathComponent("\(table)/traffic_date=\(date)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let writer = try ParquetFileWriter(path: folder.appendingPathComponent("part-00000.parquet").path, schema: schema)
            try writer.write(batch)
            _ = try writer.close()
        }
    }

    private static func runPython(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("pyarrow writer failed: \(String(decoding: message, as: UTF8.self))")
        }
    }

    private static let writerScript = #"""
import csv, datetime, os, sys
import pyarrow as pa
import pyarrow.parquet as pq

expected, out = sys.argv[1], sys.argv[2]
bump = sys.argv[3] if len(sys.argv) > 3 else None
UTC = datetime.timezone.utc

def timestamp(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)

STG = [("reading_id", pa.string(), str), ("sensor_id", pa.string(), str), ("road", pa.string(), str),
       ("direction", pa.string(), str), ("road_segment_id", pa.string(), str), ("city", pa.string(), str),
       ("lat", pa.float64(), float), ("lon", pa.float64(), float),
       ("measured_at_utc", pa.timestamp("us", tz="UTC"), timestamp), ("vehicle_count", pa.int64(), int),
       ("avg_speed_kmh", pa.float64(), float), ("occupancy_pct", pa.float64(), float),
       ("congestion_level", pa.string(), str), ("congestion_level_rank", pa.int32(), int),
       ("incident_flag", pa.bool_(), lambda text: text == "true"), ("source_system", pa.string(), str)]
FCT = [("sensor_id", pa.string(), str), ("city", pa.string(), str), ("readings", pa.int64(), int),
       ("total_vehicle_count", pa.int64(), int), ("avg_vehicle_count", pa.float64(), float),
       ("avg_speed_kmh", pa.float64(), float), ("avg_occupancy_pct", pa.float64(), float),
       ("congestion_level_max", pa.string(), str), ("congestion_level_rank_max", pa.int32(), int),
       ("incident_count", pa.int64(), int)]

def write(source, table, columns, adjust=lambda date, row: row):
    partitions = {}
    with open(os.path.join(expected, source), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            date = row["traffic_date"] or "__HIVE_DEFAULT_PARTITION__"
            partitions.setdefault(date, []).append(adjust(date, row))
    for date, rows in partitions.items():
        arrays = [pa.array([None if row[name] == "" else parse(row[name]) for row in rows], type=kind)
                  for name, kind, parse in columns]
        folder = os.path.join(out, table, "traffic_date=" + date)
        os.makedirs(folder)
        pq.write_table(pa.Table.from_arrays(arrays, names=[name for name, _, _ in columns]),
                       os.path.join(folder, "part-00000.parquet"))

def bumped(date, row):
    if date == bump:
        row["readings"] = str(int(row["readings"]) + 1)
    return row

write("stg_traffic.csv", "hive/stg/stg_traffic", STG)
write("fct_traffic_daily.csv", "hive/curated/fct_traffic_daily", FCT, bumped)
"""#
}
