import Contracts
import Foundation
import Platform
import Testing

/// A file ingestion's JSON log lines carry the run id and the trace id of the event it published, and
/// its counters say how many rows and bytes came in and what failed.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct IngestionLogTests {
    @Test func logLinesCarryTheRunAndTheTraceOfThePublishedEvent() async throws {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-logs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        let header = DatasetSchema.traffic.requiredColumns.joined(separator: ",")
        let row = "r1,s1,A1,N,seg-1,Lisbon,38.7,-9.1,2026-11-20T08:00:00Z,12,54.5,0.31,low,false,seed"
        let good = "\(header)\n\(row)\n\(row)\n\(row)\n"
        try good.write(toFile: "\(inbox)/a.csv", atomically: true, encoding: .utf8)
        try "\(header)\n\(row)\nr3,s3,short\n".write(toFile: "\(inbox)/b.csv", atomically: true, encoding: .utf8)

        let capture = LogCapture()
        try await MetricsFixture.run { metricsFixture in
            try await BootstrappedStack.run { fixture in
                let ingestor = try FileIngestor(
                    config: fixture.config, dataset: .traffic, publisher: fixture.publisher, metrics: metricsFixture.metrics,
                    logger: capture.logger(label: "sluice.ingest.file"))
                let report = try await ingestor.ingest(inbox: inbox)
                #expect(report.landed.count == 1)
                #expect(report.quarantined.count == 1)

                let event = try #require(try await fixture.consume(topic: "ingest.file.v1", count: 1).first)
                let traceparent = try #require(event["traceparent"]?.stringValue)
                let trace = try #require(TraceContext(traceparent: traceparent))
                #expect(try fixture.validator(for: "ingest.file.v1").isValid(event))

                let lines = try capture.captured.map { try JSONParser.parse(Array($0.utf8)) }
                let landed = try #require(lines.first { $0["message"]?.stringValue == "file landed" })
                #expect(landed["trace_id"]?.stringValue == trace.traceID)
                #expect(landed["span_id"]?.stringValue != trace.spanID)  // the run's span; the event has its own
                #expect(landed["run_id"] == event["data"]?["run_id"])
                #expect(landed["level"]?.stringValue == "info")
                #expect(landed["label"]?.stringValue == "sluice.ingest.file")
                #expect(landed["dataset"]?.stringValue == "traffic")
                #expect(landed["file"]?.stringValue == "a.csv")
                #expect(landed["raw_uri"] == event["data"]?["raw_uri"])
                let ts = try #require(landed["ts"]?.stringValue)
                #expect(ts.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)

                let quarantined = try #require(lines.first { $0["message"]?.stringValue == "file quarantined" })
                #expect(quarantined["level"]?.stringValue == "error")
                #expect(quarantined["file"]?.stringValue == "b.csv")
                #expect(quarantined["error"]?.stringValue?.contains("fields where the header has 15") == true)
                #expect(quarantined["trace_id"]?.stringValue != trace.traceID)  // each file is a run of its own

                let scraped = try metricsFixture.scrape()
                let file = ["dataset": "traffic", "source": "file"]
                #expect(try scraped.value("sluice_records_in_total", file) == 3)  // b.csv never parsed
                #expect(try scraped.value("sluice_records_out_total", file) == 3)
                let bytes = try FileManager.default.attributesOfItem(atPath: "\(inbox)/quarantine/b.csv")[.size] as? Int ?? 0
                #expect(try scraped.value("sluice_bytes_in_total", file) == Double(good.utf8.count + bytes))
                #expect(try scraped.value("sluice_errors_total", ["kind": "parse"]) == 1)
                #expect(try scraped.value("sluice_batch_seconds_count", ["stage": "file"]) == 1)
            }
        }
    }
}
