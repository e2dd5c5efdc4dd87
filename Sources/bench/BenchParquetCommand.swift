import ArgumentParser
import Foundation
import Platform

/// `bench parquet`: writes N rows of a traffic-like table (15 columns: low-cardinality strings, doubles,
/// int64s, timestamps, booleans, some nulls) with ``ParquetFileWriter`` under snappy and zstd, and — in the
/// same run, on the same rows — with pyarrow's `pq.write_table`. Prints rows/s, MB/s of column data and
/// the file size for each. Only the writing is timed on both sides, not building the table in memory.
///
/// The rows come from a counter-based hash (splitmix64 of row and column), which Python computes with
/// numpy to the same values; the Python side also reads each Swift file and checks that it equals its table.
struct BenchParquetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Measure the Parquet writer against pyarrow on a traffic-like table."
    )

    @Option(help: "Rows to write.")
    var rows = 1_000_000

    @Option(help: "Rows per row group (both writers).")
    var rowGroupRows = 131_072

    @Flag(help: "Skip the pyarrow comparison.")
    var noPyarrow = false

    @Option(help: "Directory for the files written.")
    var directory = FileManager.default.temporaryDirectory.path

    func validate() throws {
        guard rows > 0 else { throw ValidationError("--rows must be positive") }
        guard rowGroupRows > 0 else { throw ValidationError("--row-group-rows must be positive") }
    }

    func run() throws {
        let buildStart = ContinuousClock.now
        let (batch, dataBytes) = Self.trafficBatch(rows: rows)
        let buildSeconds = (ContinuousClock.now - buildStart) / .seconds(1)
        print("bench parquet: \(rows) rows × 15 columns, row groups of \(rowGroupRows), \(Self.megabytes(dataBytes)) MB of column data")
        print(String(format: "  (filling the Swift batch: %.2f s, not counted)", buildSeconds))

        var swiftFiles: [String: String] = [:]
        for (name, compression) in [("snappy", ParquetCompression.snappy), ("zstd", .zstd)] {
            let path = "\(directory)/bench-parquet-swift-\(name).parquet"
            let start = ContinuousClock.now
            let writer = try ParquetFileWriter(
                path: path, schema: batch.schema, options: ParquetWriterOptions(rowGroupRows: rowGroupRows, compression: compression))
            try writer.write(batch)
            let summary = try writer.close()
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            Self.report("sluice  \(name)", rows: rows, dataBytes: dataBytes, seconds: seconds, fileBytes: Int(summary.byteCount))
            swiftFiles[name] = path
        }
        guard !noPyarrow else { return }
        let output = try Self.runPython(
            Self.pyarrowScript,
            [String(rows), String(rowGroupRows), directory, swiftFiles["snappy"]!, swiftFiles["zstd"]!])
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.first == "pyarrow", fields.count == 4, let seconds = Double(fields[2]), let size = Int(fields[3]) {
                Self.report("pyarrow \(fields[1])", rows: rows, dataBytes: dataBytes, seconds: seconds, fileBytes: size)
            } else {
                print("  \(line)")
            }
        }
    }

    private static func report(_ label: String, rows: Int, dataBytes: Int, seconds: Double, fileBytes: Int) {
        print(String(
            format: "  %@: %10.0f rows/s  %7.1f MB/s  %8.2f s  file %@ MB",
            label, Double(rows) / seconds, Double(dataBytes) / 1e6 / seconds, seconds, megabytes(fileBytes)))
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1e6)
    }

    // MARK: The traffic table

    static let schema = ParquetSchema([
        ParquetColumn("sensor_id", .string, optional: false),
        ParquetColumn("road", .string, optional: false),
        ParquetColumn("direction", .string, optional: false),
        ParquetColumn("vehicle_class", .string),
        ParquetColumn("observed_at", .timestampMicrosUTC, optional: false),
        ParquetColumn("day", .date, optional: false),
        ParquetColumn("speed_kmh", .double),
        ParquetColumn("flow_per_hour", .int64, optional: false),
        ParquetColumn("occupancy", .double, optional: false),
        ParquetColumn("lane", .int32, optional: false),
        ParquetColumn("is_congested", .boolean, optional: false),
        ParquetColumn("temperature_c", .double),
        ParquetColumn("incident", .boolean),
        ParquetColumn("event_id", .int64, optional: false),
        ParquetColumn("source", .string, optional: false),
    ])

    private static let directions = ["N", "S", "E", "W"]
    private static let vehicleClasses = ["car", "van", "truck", "bus", "motorcycle", "bicycle"]
    private static let sources = ["loop", "radar", "camera"]

    /// splitmix64 of `row * 16 + column`: a different, reproducible 64-bit value per cell.
    @inline(__always)
    private static func cell(_ row: Int, _ column: Int) -> UInt64 {
        var z = UInt64(row) &* 16 &+ UInt64(column) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The table, and its column data size (8 bytes per int64/double/timestamp, 4 per int32/date, 1 per
    /// boolean, the UTF-8 bytes of strings; nulls count nothing).
    static func trafficBatch(rows: Int) -> (ParquetBatch, Int) {
        let sensors = (0..<500).map { String(format: "sensor-%04d", $0) }
        let roads = (0..<50).map { "E\($0 * 2 + 4)" }
        var batch = ParquetBatch(schema: schema, reservingCapacity: rows)
        var bytes = 0
        for row in 0..<rows {
            let sensor = sensors[Int(cell(row, 0) % 500)]
            let road = roads[Int(cell(row, 1) % 50)]
            let direction = directions[Int(cell(row, 2) % 4)]
            batch.append(string: sensor, column: 0)
            batch.append(string: road, column: 1)
            batch.append(string: direction, column: 2)
            let vehicle = cell(row, 3)
            let vehicleClass = vehicle % 100 < 3 ? nil : vehicleClasses[Int((vehicle >> 8) % 6)]
            batch.append(string: vehicleClass, column: 3)
            let observedAt = 1_735_689_600_000_000 + Int64(row) * 250_000 + Int64(cell(row, 4) % 1_000_000)
            batch.append(int64: observedAt, column: 4)
            batch.append(int32: Int32(observedAt / 86_400_000_000), column: 5)
            let speed = cell(row, 6)
            batch.append(double: speed % 100 < 2 ? nil : Double((speed >> 11) % 150_000) / 1000.0, column: 6)
            batch.append(int64: Int64(cell(row, 7) % 4_000), column: 7)
            batch.append(double: Double((cell(row, 8) >> 11) % 10_001) / 10_000.0, column: 8)
            batch.append(int32: Int32(1 + cell(row, 9) % 4), column: 9)
            batch.append(boolean: cell(row, 10) % 7 == 0, column: 10)
            let temperature = cell(row, 11)
            batch.append(double: temperature % 100 < 5 ? nil : Double((temperature >> 11) % 600) / 10.0 - 20.0, column: 11)
            let incident = cell(row, 12)
            batch.append(boolean: incident % 100 < 50 ? nil : (incident >> 11) % 50 == 0, column: 12)
            batch.append(int64: 1_000_000_000 + Int64(row), column: 13)
            let source = sources[Int(cell(row, 14) % 3)]
            batch.append(string: source, column: 14)
            bytes += sensor.utf8.count + road.utf8.count + direction.utf8.count + (vehicleClass?.utf8.count ?? 0)
            bytes += source.utf8.count + 8 + 4 + 8 + 8 + 4 + 1 + 8
            bytes += (speed % 100 < 2 ? 0 : 8) + (temperature % 100 < 5 ? 0 : 8) + (incident % 100 < 50 ? 0 : 1)
        }
        return (batch, bytes)
    }

    // MARK: pyarrow

    private static func runPython(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("the pyarrow comparison failed (python3 exited with \(process.terminationStatus))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Builds the same table with numpy (splitmix64 over uint64, wrapping like Swift's &* and &+), times
    /// `pq.write_table` for snappy and zstd, and checks that the Swift files read back equal to the table.
    private static let pyarrowScript = #"""
        import sys, time, os
        import numpy as np, pyarrow as pa, pyarrow.parquet as pq

        rows, group, directory, swift_snappy, swift_zstd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
        r = np.arange(rows, dtype=np.uint64)

        def cell(column):
            with np.errstate(over="ignore"):
                z = r * np.uint64(16) + np.uint64(column) + np.uint64(0x9E3779B97F4A7C15)
                z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
                z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
                return z ^ (z >> np.uint64(31))

        def strings(values, index, mask=None):
            return pa.array(np.array(values, dtype=object)[index.astype(np.int64)], type=pa.string(), mask=mask)

        sensors = [f"sensor-{i:04d}" for i in range(500)]
        roads = [f"E{i * 2 + 4}" for i in range(50)]
        vehicle = cell(3); speed = cell(6); temperature = cell(11); incident = cell(12)
        observed = np.int64(1735689600000000) + r.astype(np.int64) * 250000 + (cell(4) % np.uint64(1000000)).astype(np.int64)
        columns = {
            "sensor_id": strings(sensors, cell(0) % np.uint64(500)),
            "road": strings(roads, cell(1) % np.uint64(50)),
            "direction": strings(["N", "S", "E", "W"], cell(2) % np.uint64(4)),
            "vehicle_class": strings(["car", "van", "truck", "bus", "motorcycle", "bicycle"],
                                     (vehicle >> np.uint64(8)) % np.uint64(6), vehicle % np.uint64(100) < 3),
            "observed_at": pa.array(observed, type=pa.int64()).cast(pa.timestamp("us", tz="UTC")),
            "day": pa.array((observed // 86400000000).astype(np.int32), type=pa.int32()).cast(pa.date32()),
            "speed_kmh": pa.array(((speed >> np.uint64(11)) % np.uint64(150000)).astype(np.float64) / 1000.0,
                                  mask=speed % np.uint64(100) < 2),
            "flow_per_hour": pa.array((cell(7) % np.uint64(4000)).astype(np.int64)),
            "occupancy": pa.array(((cell(8) >> np.uint64(11)) % np.uint64(10001)).astype(np.float64) / 10000.0),
            "lane": pa.array((np.uint64(1) + cell(9) % np.uint64(4)).astype(np.int32)),
            "is_congested": pa.array(cell(10) % np.uint64(7) == 0),
            "temperature_c": pa.array(((temperature >> np.uint64(11)) % np.uint64(600)).astype(np.float64) / 10.0 - 20.0,
                                      mask=temperature % np.uint64(100) < 5),
            "incident": pa.array((incident >> np.uint64(11)) % np.uint64(50) == 0, mask=incident % np.uint64(100) < 50),
            "event_id": pa.array(np.int64(1000000000) + r.astype(np.int64)),
            "source": strings(["loop", "radar", "camera"], cell(14) % np.uint64(3)),
        }
        optional = {"vehicle_class", "speed_kmh", "temperature_c", "incident"}
        schema = pa.schema([pa.field(n, a.type, nullable=n in optional) for n, a in columns.items()])
        table = pa.table(list(columns.values()), schema=schema)

        for codec, swift in (("snappy", swift_snappy), ("zstd", swift_zstd)):
            path = os.path.join(directory, f"bench-parquet-pyarrow-{codec}.parquet")
            start = time.perf_counter()
            pq.write_table(table, path, compression=codec, row_group_size=group)
            seconds = time.perf_counter() - start
            print(f"pyarrow {codec} {seconds:.6f} {os.path.getsize(path)}")
            same = pq.read_table(swift).equals(table)
            print(f"(the Swift {codec} file read by pyarrow {'equals' if same else 'DIFFERS FROM'} the pyarrow table)")
            if not same: sys.exit(1)
        """#
}
