import ArgumentParser
import Foundation
import Logging
import Platform

/// `bench serve`: `sluice serve traffic` over generated curated Parquet on the embedded stack.
///
/// Writes `--days` daily partitions of STG readings (`--sensors` sensors, `--rows` readings in all) and
/// one fact row per sensor and day with Sluice's Parquet writer, uploads them to the embedded S3, then
/// times a first serve (every row inserted) and a second (every row compared, none changed). Prints rows
/// per second of each and the process's peak resident memory.
struct BenchServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Measure serving curated traffic Parquet into PostgreSQL + PostGIS on the embedded stack."
    )

    @Option(help: "STG readings in all.")
    var rows = 1_000_000

    @Option(help: "Sensors.")
    var sensors = 1_000

    @Option(help: "Days (one partition each).")
    var days = 10

    func run() async throws {
        var logger = Logger(label: "bench.serve")
        logger.logLevel = .warning
        let stack = try await EmbeddedStack.start(mockRoot: nil, logger: logger)
        do {
            _ = try PlatformBootstrap(config: stack.config).run()
            let generated = try generate(into: stack.config)
            let serving = TrafficServing(config: stack.config)

            let firstStart = ContinuousClock.now
            let first = try serving.run()
            let firstSeconds = (ContinuousClock.now - firstStart) / .seconds(1)
            let secondStart = ContinuousClock.now
            let second = try serving.run()
            let secondSeconds = (ContinuousClock.now - secondStart) / .seconds(1)

            let read = Double(first.stagingRows + first.facts.total)
            print("bench serve: \(first.stagingRows) STG rows and \(first.facts.total) fact rows in \(days) partitions each"
                + String(format: " (%.1f MiB of Parquet), %d sensors", Double(generated) / 1_048_576, sensors))
            print(String(format: "  first serve (all inserted):        %9.0f rows/s  (%.2f s, %d changed)",
                         read / firstSeconds, firstSeconds, first.changedRows))
            print(String(format: "  second serve (all unchanged):      %9.0f rows/s  (%.2f s, %d changed)",
                         read / secondSeconds, secondSeconds, second.changedRows))
            print("  peak resident memory: \(BenchStreamCommand.peakResidentMemory())")
        } catch {
            try? await stack.stop()
            throw error
        }
        try await stack.stop()
    }

    /// Writes and uploads the partitions; returns the bytes of Parquet uploaded.
    private func generate(into config: PlatformConfig) throws -> Int {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s3 = S3Client(endpoint: config.s3)
        let cities = ["BERLIN", "HAMBURG", "MUNICH", "COLOGNE"]
        let perSensorAndDay = max(rows / (sensors * days), 1)
        var bytes = 0
        for day in 0..<days {
            let date = String(format: "2024-03-%02d", day + 1)
            var readings = ParquetBatch(schema: Self.stagingSchema, reservingCapacity: sensors * perSensorAndDay)
            var facts = ParquetBatch(schema: Self.dailySchema, reservingCapacity: sensors)
            for sensor in 0..<sensors {
                let sensorID = String(format: "S%05d", sensor)
                let city = cities[sensor % cities.count]
                for reading in 0..<perSensorAndDay {
                    let micros = (Int64(19_783 + day) * 86_400 + Int64(reading * 86_400 / perSensorAndDay)) * 1_000_000
                    readings.append(string: "R\(day)-\(sensor)-\(reading)", column: 0)
                    readings.append(string: sensorID, column: 1)
                    readings.append(string: "A\(sensor % 100)", column: 2)
                    readings.append(string: "N", column: 3)
                    readings.append(string: "SEG-\(sensor)", column: 4)
                    readings.append(string: city, column: 5)
                    readings.append(double: 48 + Double(sensor % 500) / 100, column: 6)
                    readings.append(double: 7 + Double(sensor / 500) / 100, column: 7)
                    readings.append(int64: micros, column: 8)
                    readings.append(int64: Int64(reading % 90), column: 9)
                    readings.append(double: 30 + Double(reading % 50), column: 10)
                    readings.append(double: Double(reading % 100) / 3, column: 11)
                    readings.append(string: ["LOW", "MEDIUM", "HIGH"][reading % 3], column: 12)
                    readings.append(int32: Int32(reading % 3 + 1), column: 13)
                    readings.append(boolean: reading % 17 == 0, column: 14)
                    readings.append(string: "LOOP", column: 15)
                }
                facts.append(string: sensorID, column: 0)
                facts.append(string: city, column: 1)
                facts.append(int64: Int64(perSensorAndDay), column: 2)
                facts.append(int64: Int64(perSensorAndDay * 44), column: 3)
                facts.append(double: 44.5 + Double(sensor) / 7, column: 4)
                facts.append(double: 54.5 + Double(day) / 3, column: 5)
                facts.append(double: 16.5 + Double(sensor % 10) / 9, column: 6)
                facts.append(string: "HIGH", column: 7)
                facts.append(int32: 3, column: 8)
                facts.append(int64: Int64(perSensorAndDay / 17 + 1), column: 9)
            }
            for (table, batch) in [("hive/stg/stg_traffic", readings), ("hive/curated/fct_traffic_daily", facts)] {
                let path = "\(folder)/part.parquet"
                let writer = try ParquetFileWriter(path: path, schema: batch.schema)
                try writer.write(batch)
                bytes += Int(try writer.close().byteCount)
                try s3.upload(file: path, bucket: config.curatedBucket, key: "\(table)/traffic_date=\(date)/part-00000.parquet")
            }
        }
        return bytes
    }

    private static let stagingSchema = TrafficParquetSink.stagingSchema
    private static let dailySchema = TrafficParquetSink.dailySchema
}
