import Contracts
import Foundation
import Platform
import Testing

/// `sluice curate traffic` end to end on the embedded stack: RAW objects in the S3 emulator in, Parquet
/// and quarantine reports in the curated bucket out, read back from outside with DuckDB httpfs.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct TrafficCurationStackTests {
    @Test func goldenFileLandedByTheIngestorIsCuratedAndDuckDBReadsTheGoldenAnswerFromS3() async throws {
        let inbox = try TemporaryFolder()
        try FileManager.default.copyItem(
            atPath: TrafficCurationEngineTests.input, toPath: "\(inbox.path)/traffic.csv")
        try await BootstrappedStack.run { fixture in
            let landed = try await FileIngestor(config: fixture.config, dataset: .traffic, publisher: fixture.publisher)
                .ingest(inbox: inbox.path)
            #expect(landed.landed.count == 1)

            let report = try TrafficCuration(config: fixture.config).run()
            #expect(report.files == 1)
            #expect(report.quarantined.isEmpty)
            #expect(report.counts.rowsIn == 10_281)
            #expect(report.counts.stagingRows == 10_051)
            #expect(report.counts.dailyRows == 317)
            // 7 days plus the NULL-date partition for STG, 7 days for CURATED.
            #expect(report.parquetFiles.count == 15)
            #expect(report.parquetFiles.contains(
                "s3://curated/hive/stg/stg_traffic/traffic_date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet"))
            #expect(report.parquetFiles.contains(
                "s3://curated/hive/curated/fct_traffic_daily/traffic_date=2024-03-04/part-00000.parquet"))

            let answer = try Self.readWithDuckDB(fixture.config)
            #expect(answer == "stg_traffic 10051 rows, fct_traffic_daily 317 rows, no differences")
        }
    }

    @Test func aRerunReplacesTheOutputAndDeletesStalePartitionsOnlyAfterwards() async throws {
        try await BootstrappedStack.run { fixture in
            let s3 = S3Client(endpoint: fixture.config.s3)
            try Self.putRAW(s3, name: "a.csv", TrafficCSVSamples.header + "\n" + TrafficCSVSamples.row("r1") + "\n")
            let stale = "hive/curated/fct_traffic_daily/traffic_date=1999-01-01/part-00000.parquet"
            _ = try s3.putObject(bucket: "curated", key: stale, body: Array("old".utf8))

            let first = try TrafficCuration(config: fixture.config).run()
            #expect(first.deletedStaleFiles == [stale])
            let keys = try Self.curatedKeys(s3)
            #expect(keys == [
                "hive/curated/fct_traffic_daily/traffic_date=2026-11-26/part-00000.parquet",
                "hive/stg/stg_traffic/traffic_date=2026-11-26/part-00000.parquet",
            ])
            let second = try TrafficCuration(config: fixture.config).run()
            #expect(second.deletedStaleFiles.isEmpty)
            #expect(second.counts == first.counts)
            #expect(try Self.curatedKeys(s3) == keys)
        }
    }

    @Test func badInputIsQuarantinedWithAReportOrCuratedAndNothingHalfWrittenReachesCurated() async throws {
        try await BootstrappedStack.run { fixture in
            let s3 = S3Client(endpoint: fixture.config.s3)
            let header = TrafficCSVSamples.header
            try Self.putRAW(s3, name: "bad-header.csv", "reading_id;sensor_id;road\nr1;s1;A1\n")
            try Self.putRAW(s3, name: "empty.csv", "")
            try Self.putRAW(s3, name: "broken-speed.csv", "\(header)\n"
                + (1...3).map { TrafficCSVSamples.row("b\($0)").replacingOccurrences(of: "54.5", with: "n/a") }
                .joined(separator: "\n"))
            try Self.putRAW(s3, name: "bom-crlf.csv", "\u{FEFF}\(header)\r\n\(TrafficCSVSamples.row("c1"))\r\n")
            try Self.putRAW(s3, name: "newline.csv", "\(header)\n"
                + TrafficCSVSamples.row("n1").replacingOccurrences(of: ",seed", with: ",\"two\nlines\"") + "\n")
            try Self.putRAW(s3, name: "open-quote.csv", "\(header)\n\(TrafficCSVSamples.row("q1"))\nq2,\"never closed\n")

            let report = try TrafficCuration(config: fixture.config).run()
            #expect(report.files == 6)
            #expect(report.curatedFiles.count == 3)
            let reasons = Dictionary(uniqueKeysWithValues: report.quarantined.map {
                (String($0.rawURI.split(separator: "/").last!), $0.rejection.description)
            })
            #expect(reasons == [
                "bad-header.csv": "line 1: the header does not match the traffic columns: missing reading_id, sensor_id, road, "
                    + "direction, road_segment_id, city, lat, lon, measured_at_utc, vehicle_count, avg_speed_kmh, "
                    + "occupancy_pct, congestion_level, incident_flag, source_system",
                "empty.csv": "the file is empty: no header",
                "open-quote.csv": "line 3: a quoted field is not closed before the end of the file",
            ])
            let emptyReport = try s3.getObject(
                bucket: "curated", key: "quarantine/traffic/\(report.runID)/source=file/dt=2026-11-26/test/empty.csv.report.json")
            let document = try JSONParser.parse(emptyReport)
            #expect(document["raw_uri"] == .string("s3://raw/source=file/dt=2026-11-26/test/empty.csv"))
            #expect(document["reason"] == .string("the file is empty: no header"))
            #expect(report.quarantined.map(\.reportURI).allSatisfy { $0.hasPrefix("s3://curated/quarantine/traffic/\(report.runID)/") })

            #expect(report.counts.stagingRows == 5)   // b1-b3, c1, n1; q1 went with its file
            // Every object under hive/ is a complete Parquet file.
            var rows: [String: ParquetValue] = [:]
            for key in try Self.curatedKeys(s3) where key.hasPrefix("hive/stg/") {
                let reader = try ParquetFileReader(bytes: try s3.getObject(bucket: "curated", key: key))
                for group in 0..<reader.rowGroups.count {
                    let batch = try reader.readRowGroup(group)
                    for row in 0..<batch.rowCount {
                        if case .string(let id) = batch[row, 0] { rows[id] = batch[row, 10] }   // avg_speed_kmh
                    }
                }
            }
            #expect(rows.keys.sorted() == ["b1", "b2", "b3", "c1", "n1"])
            #expect(rows["b1"] == .null)
            #expect(rows["c1"] == .double(54.5))
        }
    }

    static func putRAW(_ s3: S3Client, name: String, _ text: String) throws {
        _ = try s3.putObject(bucket: "raw", key: "source=file/dt=2026-11-26/test/\(name)", body: Array(text.utf8))
    }

    static func curatedKeys(_ s3: S3Client) throws -> [String] {
        try s3.listAllObjects(bucket: "curated", prefix: "hive/").map(\.key).sorted()
    }

    /// Both tables read straight from the S3 emulator by DuckDB httpfs (in a python3 child), compared with
    /// the golden files by golden/traffic/canonical.py.
    static func readWithDuckDB(_ config: PlatformConfig) throws -> String {
        let endpoint = config.s3.url.replacingOccurrences(of: "http://", with: "")
        return try ParquetPythonReader.run(duckDBScript, [
            endpoint, config.s3.accessKey, config.s3.secretKey, config.s3.region, TrafficCanonicalCSV.goldenDirectory,
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let duckDBScript = #"""
        import csv, sys
        endpoint, key, secret, region, golden = sys.argv[1:6]
        sys.path.insert(0, golden)
        import canonical, duckdb, duckdb_extensions
        duckdb_extensions.import_extension("httpfs")
        c = duckdb.connect()
        c.execute("LOAD httpfs")
        c.execute("SET TimeZone = 'UTC'")
        for name, value in [("s3_endpoint", endpoint), ("s3_url_style", "path"), ("s3_access_key_id", key),
                            ("s3_secret_access_key", secret), ("s3_region", region)]:
            c.execute(f"SET {name} = '{value}'")
        c.execute("SET s3_use_ssl = false")
        def columns(names):
            return ", ".join("CAST(measured_at_utc AS TIMESTAMP) AS measured_at_utc" if n == "measured_at_utc" else n
                             for n in names)
        tables = [("stg_traffic", "hive/stg/stg_traffic", canonical.STG_COLUMNS, "reading_id"),
                  ("fct_traffic_daily", "hive/curated/fct_traffic_daily", canonical.FCT_COLUMNS,
                   "traffic_date, sensor_id, city NULLS LAST")]
        summary, problems = [], []
        for name, prefix, names, order in tables:
            rows = c.execute(f"SELECT {columns(names)} FROM read_parquet('s3://curated/{prefix}/*/*.parquet', "
                             f"hive_partitioning = true) ORDER BY {order}").fetchall()
            actual = list(csv.reader(canonical.to_text(names, rows).splitlines(keepends=True)))
            problems += canonical.differences(canonical.read(f"{golden}/expected/{name}.csv"), (actual[0], actual[1:]))
            summary.append(f"{name} {len(rows)} rows")
        print(", ".join(summary) + ", " + ("no differences" if not problems else "; ".join(problems[:5])))
        """#
}
