import Contracts
import Foundation
import Platform
import Testing

/// Issue 11 on the embedded stack: after real file, HTTP and curation runs (and failing ones), the `meta`
/// views answer freshness per source, row counts per run and failures, as `sluice meta` prints them.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct MetadataViewsTests {
    @Test func freshnessRowCountsAndFailuresFollowRealRuns() async throws {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("meta-inbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        let header = DatasetSchema.traffic.requiredColumns.joined(separator: ",")
        let row = "r1,s1,A1,N,seg-1,Lisbon,38.7,-9.1,2026-11-20T08:00:00Z,12,54.5,0.31,low,false,seed"
        try "\(header)\n\(row)\n\(row.replacingOccurrences(of: "r1,", with: "r2,"))\n"
            .write(toFile: "\(inbox)/a-good.csv", atomically: true, encoding: .utf8)
        try "\(header)\n\(row)\nr3,s3,too,short\n".write(toFile: "\(inbox)/b-broken.csv", atomically: true, encoding: .utf8)

        try await BootstrappedStack.run(withMockAPI: true) { fixture in
            let files = try await FileIngestor(config: fixture.config, dataset: .traffic, publisher: fixture.publisher)
                .ingest(inbox: inbox)
            let http = try HTTPIngestor(
                config: fixture.config, publisher: fixture.publisher, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)),
                timeoutMilliseconds: 3_000)
            let postsTrace = TraceContext.root()
            let posts = try await http.ingest(path: "/api/v1/posts", dataset: "posts", trace: postsTrace)
            let refused = try await http.ingest(path: "/api/v1/posts?offset=minus-one", dataset: "posts")
            let trace = TraceContext.root()
            let curated = try TrafficCuration(config: fixture.config).run(trace: trace)

            #expect(files.landed.count == 1 && files.quarantined.count == 1)
            #expect(posts.failure == nil && posts.records == 12)
            #expect(refused.failure?.hasPrefix("HTTP 400") == true)
            let registry = IngestionRegistry(
                connection: try PostgresConnection(connectionString: fixture.config.postgres.connectionString))

            // Freshness: the last success per source and dataset survives a later failure of the same source.
            let freshness = try registry.read(.freshness)
            #expect(freshness.values("source") == ["curation", "file", "http"])
            #expect(freshness.values("last_success_run_id") == [curated.runID, files.landed[0].runID, posts.runID])
            #expect(freshness.values("last_status") == ["succeeded", "failed", "failed"])
            #expect(freshness.values("runs") == ["1", "2", "2"])
            #expect(freshness.values("failed_runs") == ["0", "1", "1"])
            #expect(freshness.values("last_success_at").allSatisfy { $0?.hasSuffix("Z") == true })

            // Row counts per run, newest first; every run carries its trace id.
            let runs = try registry.read(.runs)
            #expect(runs.rows.count == 5)
            #expect(runs.values("source") == ["curation", "http", "http", "file", "file"])
            #expect(runs.values("status") == ["succeeded", "failed", "succeeded", "failed", "succeeded"])
            #expect(runs.values("records_in") == ["\(curated.counts.rowsIn)", "0", "12", "0", "2"])
            #expect(runs.values("records_out")[0] == "\(curated.counts.stagingRows + curated.counts.dailyRows)")
            #expect(runs.values("failures") == ["0", "1", "0", "1", "0"])
            #expect(runs.values("trace_id")[0] == trace.traceID)
            #expect(runs.values("trace_id")[2] == postsTrace.traceID)
            #expect(runs.values("trace_id").allSatisfy { $0?.count == 32 })
            #expect(Set(runs.values("trace_id")).count == 5)
            #expect(try registry.read(.runs, limit: 2).rows.count == 2)

            // Failures: the refused page and the broken file, each with its kind and dead letter.
            let failures = try registry.read(.failures)
            #expect(failures.values("source") == ["http", "file"])
            #expect(failures.values("run_id") == [refused.runID, runs.values("run_id")[3]])
            #expect(failures.values("error_kind")[1] == "malformed_csv")
            #expect(failures.values("error")[0]?.hasPrefix("HTTP 400") == true)
            #expect(failures.values("dead_letter_uri").allSatisfy { $0?.hasPrefix("s3://raw/dead-letter/") == true })

            // The JSON form keeps counts as numbers and NULL as null.
            guard case .array(let objects) = try JSONParser.parse(JSONSerializer.string(freshness.json)) else {
                Issue.record("freshness JSON is not an array")
                return
            }
            #expect(objects.count == 3)
            #expect(objects[0]["source"] == "curation" && objects[0]["runs"] == 1)
            #expect(objects[0]["last_success_run_id"] == .string(curated.runID))
        }
    }

    @Test func aRunThatQuarantinesSomeFilesIsPartialAndListedAsAFailure() async throws {
        try await BootstrappedStack.run { fixture in
            let s3 = S3Client(endpoint: fixture.config.s3)
            let header = DatasetSchema.traffic.requiredColumns.joined(separator: ",")
            let row = "r1,s1,A1,N,seg-1,Lisbon,38.7,-9.1,2026-11-20T08:00:00Z,12,54.5,0.31,low,false,seed"
            try s3.putObject(bucket: "raw", key: "source=file/dt=2026-11-26/t/good.csv", body: Array("\(header)\n\(row)\n".utf8), contentType: "text/csv")
            try s3.putObject(bucket: "raw", key: "source=file/dt=2026-11-26/t/empty.csv", body: [], contentType: "text/csv")

            let report = try TrafficCuration(config: fixture.config).run()

            let registry = IngestionRegistry(
                connection: try PostgresConnection(connectionString: fixture.config.postgres.connectionString))
            let runs = try registry.read(.runs)
            #expect(runs.values("status") == ["partial"])
            #expect(runs.values("records_in") == ["1"])
            let failures = try registry.read(.failures)
            #expect(failures.values("run_id") == [report.runID])
            #expect(failures.values("error_kind") == ["run_partial"])
            #expect(failures.values("error")[0]?.contains("empty.csv") == true)
            // A partial run still counts as the source's last success.
            #expect(try registry.read(.freshness).values("last_success_run_id") == [report.runID])
        }
    }
}
