import Contracts
import Foundation
import Platform

/// Issue 11's many sources, one queue: one `SourcesWorker` pass over the mock API's sensors paged by
/// `limit`, an inbox with a CSV and a Parquet file, and synthetic posts.
enum PipelineSourcesChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("sluice sources: REST paged by limit, a CSV and a Parquet file, 10 synthetic posts → RAW, events, runs") { context in
            let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("smoke-sources-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: inbox) }
            try "sensor_id,reading\nS001,4.5\nS002,7.25\n".write(toFile: "\(inbox)/readings.csv", atomically: true, encoding: .utf8)
            let schema = ParquetSchema([ParquetColumn("sensor_id", .string, optional: false), ParquetColumn("reading", .double)])
            let writer = try ParquetFileWriter(path: "\(inbox)/readings.parquet", schema: schema)
            var batch = ParquetBatch(schema: schema)
            for (sensor, reading) in [("S003", 1.5), ("S004", 2.0), ("S005", 3.75)] {
                batch.append(string: sensor, column: 0)
                batch.append(double: reading, column: 1)
            }
            try writer.write(batch)
            _ = try writer.close()

            let publisher = try EventPublisher(
                contracts: try ContractRepository(root: context.contractsRoot), bootstrapServers: context.config.kafkaBootstrapServers)
            let sources = SourcesConfig(
                retry: .init(maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000),
                sources: [
                    SourceSpec(name: "sensors-api", kind: .rest, dataset: "smoke_sensors", path: "/api/v1/sensors", limit: 5),
                    SourceSpec(name: "drops", kind: .files, dataset: "smoke_readings", inbox: inbox),
                    SourceSpec(name: "posts", kind: .synthetic, count: 10),
                ])
            let report = await SourcesWorker(config: context.config, publisher: publisher).runOnce(sources)
            if let failed = report.failed.first { throw SmokeFailure("\(failed.name): \(failed.failure ?? "")") }
            let counts = report.outcomes.map { "\($0.landed)/\($0.records)" }
            guard counts == ["3/12", "2/5", "10/10"] else { throw SmokeFailure("landed/records per source: \(counts)") }
            let runs = Set(report.outcomes.flatMap(\.runIDs))
            let event = try SmokeEvents.find(on: "ingest.file.v1", context: context, within: 30) {
                $0["data"]?["file_name"]?.stringValue == "readings.parquet" && runs.contains($0["data"]?["run_id"]?.stringValue ?? "")
            }
            let result = try SmokeEvents.validator(for: "ingest.file.v1", context: context).validate(event)
            guard result.valid else { throw SmokeFailure("Parquet file event invalid: \(result.errors.map(\.error))") }
            return "3 pages (12 sensors), 2 files (\(event["data"]?["raw_uri"]?.stringValue ?? "")), 10 posts; \(runs.count) runs"
        },
    ]
}
