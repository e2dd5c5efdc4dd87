import ArgumentParser
import Foundation
import Platform

/// `bench curate`: RAW traffic CSV → STG → CURATED Parquet on one local file, by the Swift engine and by
/// DuckDB (the dbt models' SQL) in the same run, with rows per second and peak memory for each.
///
/// The input is made by `golden/traffic/generate.py --rows N` (the golden generator's readings and dirt,
/// streamed) and cached as `/tmp/sluice-bench-traffic-<N>.csv`, so only the first run pays for it. Swift's
/// peak memory is this process's `getrusage` maxrss taken before DuckDB runs; DuckDB's is its python3
/// child's (`RUSAGE_CHILDREN`, so it includes the interpreter). DuckDB uses all cores (its default).
struct BenchCurateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Measure RAW → STG → CURATED Parquet: the Swift engine next to DuckDB on the same file."
    )

    @Option(help: "Rows of the generated traffic CSV.")
    var rows = 10_000_000

    @Option(help: "Where the generated CSV is cached and the outputs are written.")
    var directory = "/tmp"

    @Flag(help: "Run only the Swift engine.")
    var swiftOnly = false

    func run() throws {
        let input = "\(directory)/sluice-bench-traffic-\(rows).csv"
        if !FileManager.default.fileExists(atPath: input) {
            print("bench curate: generating \(input) (cached for later runs)...")
            let partial = input + ".partial"
            _ = try Self.python(["golden/traffic/generate.py", "--rows", "\(rows)", "--out", partial])
            try FileManager.default.moveItem(atPath: partial, toPath: input)
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        print("bench curate: \(input), \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB, \(rows) rows")

        let output = "\(directory)/sluice-bench-curate-swift"
        try? FileManager.default.removeItem(atPath: output)
        let start = ContinuousClock.now
        let engine = try TrafficCurationEngine(temporaryDirectory: directory)
        let rowsIn = try engine.add(path: input).get()
        let spilled = ContinuousClock.now
        let sink = try TrafficParquetSink(directory: output)
        let counts = try engine.finish(into: sink)
        try sink.close()
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let readSeconds = (spilled - start) / .seconds(1)
        let swiftRate = Double(rowsIn) / seconds
        print(String(format: "  swift:  %10.0f rows/s  (%.2f s: read+type+spill %.2f s, dedup+aggregate+parquet %.2f s)",
                     swiftRate, seconds, readSeconds, seconds - readSeconds))
        print("          peak memory \(Self.mebibytes(Self.maxResidentKiB(RUSAGE_SELF))); \(counts.stagingRows) STG rows, "
            + "\(counts.dailyRows) CURATED rows, \(sink.files.count) Parquet files")
        try? FileManager.default.removeItem(atPath: output)
        if swiftOnly { return }

        let duckOutput = "\(directory)/sluice-bench-curate-duckdb"
        try? FileManager.default.removeItem(atPath: duckOutput)
        let report = try Self.python(["-c", Self.duckDBScript, input, duckOutput, "infra/dbt/models"])
        try? FileManager.default.removeItem(atPath: duckOutput)
        let fields = (report.split(separator: "\n").last ?? "").split(separator: " ").compactMap { Double($0) }
        guard fields.count == 3 else { throw ValidationError("unexpected DuckDB report: \(report)") }
        let duckRate = Double(rowsIn) / fields[0]
        print(String(format: "  duckdb: %10.0f rows/s  (%.2f s; %d threads)", duckRate, fields[0], Int(fields[2])))
        print("          peak memory \(Self.mebibytes(Self.maxResidentKiB(RUSAGE_CHILDREN))) (python3 + duckdb); "
            + "\(Int(fields[1])) STG rows")
        print(String(format: "  swift / duckdb: %.2f", swiftRate / duckRate))
    }

    static func maxResidentKiB(_ who: __rusage_who) -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        return usage.ru_maxrss
    }

    static func mebibytes(_ kibibytes: Int) -> String {
        String(format: "%.0f MiB", Double(kibibytes) / 1024)
    }

    /// Runs `python3 arguments...` from the repository root and returns its standard output.
    static func python(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("python3 \(arguments.first ?? "") exited with \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The dbt models rendered as scripts/checks/infra-compose renders them, over the CSV read as VARCHAR,
    /// STG materialised once, both tables written as Parquet partitioned by traffic_date. Prints
    /// "seconds stg_rows threads".
    static let duckDBScript = #"""
        import re, sys, time
        from pathlib import Path
        import duckdb
        source, output, models = sys.argv[1:4]
        def render(path):
            text = Path(path).read_text()
            text = re.sub(r"\{\{\s*config\(.*?\)\s*\}\}", "", text, flags=re.DOTALL)
            text = re.sub(r"\{\{\s*ref\(\s*['\"](\w+)['\"]\s*\)\s*\}\}", r"\1", text)
            return re.sub(r"\{\{\s*source\(\s*['\"]\w+['\"]\s*,\s*['\"](\w+)['\"]\s*\)\s*\}\}", r"\1", text)
        columns = ["reading_id", "sensor_id", "road", "direction", "road_segment_id", "city", "lat", "lon",
                   "measured_at_utc", "vehicle_count", "avg_speed_kmh", "occupancy_pct", "congestion_level",
                   "incident_flag", "source_system"]
        Path(output).mkdir(parents=True, exist_ok=True)
        c = duckdb.connect()
        c.execute("SET TimeZone = 'UTC'")
        c.execute("SET enable_progress_bar = false")
        started = time.monotonic()
        spec = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in columns) + "}"
        c.execute(f"CREATE VIEW traffic_raw AS SELECT * FROM read_csv('{source}', header = true, delim = ',', "
                  f"quote = '\"', escape = '\"', columns = {spec})")
        c.execute(f"CREATE TABLE stg_traffic AS {render(models + '/staging/stg_traffic.sql')}")
        c.execute(f"COPY stg_traffic TO '{output}/stg' (FORMAT parquet, PARTITION_BY (traffic_date))")
        c.execute(f"COPY ({render(models + '/marts/fct_traffic_daily.sql')}) TO '{output}/fct' "
                  "(FORMAT parquet, PARTITION_BY (traffic_date))")
        seconds = time.monotonic() - started
        rows = c.execute("SELECT count(*) FROM stg_traffic").fetchone()[0]
        threads = c.execute("SELECT current_setting('threads')").fetchone()[0]
        print(f"{seconds} {rows} {threads}")
        """#
}
