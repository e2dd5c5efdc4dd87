import Contracts
import Foundation
import Platform
import Testing

/// Issue 11's many sources, one queue, on the embedded stack: a REST API paged by `limit`, an inbox of
/// CSV and Parquet files and synthetic posts through one `SourcesWorker` pass.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SourcesWorkerTests {
    /// An inbox with two CSVs (the second with one column more) and one Parquet file.
    private static func inbox() throws -> String {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("sources-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try "id,value\n1,a\n2,b\n".write(toFile: "\(inbox)/a.csv", atomically: true, encoding: .utf8)
        try "id,value,unit\n3,c,kg\n".write(toFile: "\(inbox)/b.csv", atomically: true, encoding: .utf8)
        let writer = try ParquetFileWriter(path: "\(inbox)/c.parquet", schema: ParquetSampleTable.schema)
        try writer.write(ParquetSampleTable(rowCount: 7).batch())
        _ = try writer.close()
        return inbox
    }

    private static func sources(inbox: String, maxAttempts: Int = 3) -> SourcesConfig {
        SourcesConfig(
            retry: .init(maxAttempts: maxAttempts, baseDelayMs: 10, maxDelayMs: 40),
            sources: [
                SourceSpec(name: "sensors-api", kind: .rest, dataset: "sensors", path: "/api/v1/sensors", limit: 5),
                SourceSpec(name: "drops", kind: .files, dataset: "readings", inbox: inbox),
                SourceSpec(name: "posts", kind: .synthetic, count: 20),
            ])
    }

    @Test func oneLoopLandsEverySourceWithItsEventsRunsAndSchemaVersions() async throws {
        let inbox = try Self.inbox()
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        try await BootstrappedStack.run(withMockAPI: true) { fixture in
            let report = await SourcesWorker(config: fixture.config, publisher: fixture.publisher).runOnce(Self.sources(inbox: inbox))

            #expect(report.failed.isEmpty, "\(report.failed.map { "\($0.name): \($0.failure ?? "")" })")
            #expect(report.outcomes.map(\.name) == ["sensors-api", "drops", "posts"])
            #expect(report.outcomes.map(\.landed) == [3, 3, 20])
            #expect(report.outcomes.map(\.records) == [12, 10, 20])

            let s3 = S3Client(endpoint: fixture.config.s3)
            let pages = try s3.listAllObjects(bucket: fixture.config.rawBucket, prefix: "source=http/")
            #expect(pages.count == 3)
            let bodies = try pages.map { try JSONParser.parse(s3.getObject(bucket: fixture.config.rawBucket, key: $0.key)) }
            #expect(bodies.compactMap { $0["data"]?.arrayValue?.count }.sorted() == [2, 5, 5])
            let files = try s3.listAllObjects(bucket: fixture.config.rawBucket, prefix: "source=file/")
            #expect(Set(files.map { String($0.key.split(separator: "/").last ?? "") }) == ["a.csv", "b.csv", "c.parquet"])
            let parquetKey = try #require(files.first { $0.key.hasSuffix(".parquet") }?.key)
            #expect(try s3.getObject(bucket: fixture.config.rawBucket, key: parquetKey)
                == Array(try Data(contentsOf: URL(fileURLWithPath: "\(inbox)/processed/c.parquet"))))

            let fileEvents = try await fixture.consume(topic: "ingest.file.v1", count: 3)
            let fileContract = try fixture.validator(for: "ingest.file.v1")
            #expect(fileEvents.allSatisfy { fileContract.isValid($0) })
            let parquetEvent = try #require(fileEvents.first { $0["data"]?["file_name"]?.stringValue == "c.parquet" })
            #expect(parquetEvent["data"]?["content_type"]?.stringValue == "application/vnd.apache.parquet")
            #expect(parquetEvent["data"]?["columns"]?.arrayValue?.compactMap(\.stringValue) == ParquetSampleTable.schema.columns.map(\.name))
            let pageEvents = try await fixture.consume(topic: "ingest.http.v1", count: 3)
            #expect(Set(pageEvents.compactMap { $0["data"]?["url"]?.stringValue }).count == 3)
            #expect(pageEvents.allSatisfy { $0["data"]?["url"]?.stringValue?.contains("limit=5") == true })
            #expect(try await fixture.consume(topic: "source.posts.v1", count: 20).count == 20)

            // A new or changed column set is a new version, and the run went on.
            let database = try PostgresConnection(connectionString: fixture.config.postgres.connectionString)
            let versions = try database.query(
                "SELECT version, columns::text AS columns FROM meta.ingestion_schemas WHERE dataset = 'readings' ORDER BY version")
            #expect(try versions.map { try $0.decode("version", as: Int.self) } == [1, 2, 3])
            #expect(try versions[1].decode("columns", as: String.self)?.contains("unit") == true)
            let runs = try database.query(
                "SELECT source, count(*) AS runs FROM meta.ingestion_runs WHERE status = 'succeeded' GROUP BY source ORDER BY source")
            #expect(try runs.map { "\(try $0.decode("source", as: String.self) ?? ""):\(try $0.decode("runs", as: Int.self) ?? 0)" }
                == ["file:3", "http:1", "stream:1"])
        }
    }

    @Test func aPageFailingForGoodIsDeadLetteredTheOtherSourcesLandAndReplayRedrivesIt() async throws {
        let inbox = try Self.inbox()
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        try await BootstrappedStack.run(withMockAPI: true) { fixture in
            let admin = CurlHTTPClient()
            let stub = #"""
                {"id":"5f0c2f6e-5d55-4c1f-9a53-2b0f7a1c9e01","priority":1,
                 "request":{"method":"GET","urlPath":"/api/v1/sensors","queryParameters":{"offset":{"equalTo":"5"}}},
                 "response":{"status":500,"jsonBody":{"error":"down"}}}
                """#
            let added = try admin.perform(HTTPRequest(
                method: "POST", url: fixture.config.mockAPIURL + "/__admin/mappings", headers: [("Content-Type", "application/json")],
                body: Array(stub.utf8)))
            #expect(added.status == 201)

            let report = await SourcesWorker(config: fixture.config, publisher: fixture.publisher).runOnce(Self.sources(inbox: inbox))
            #expect(report.failed.map(\.name) == ["sensors-api"])
            #expect(report.failed.first?.failure?.contains("HTTP 500") == true)
            #expect(report.failed.first?.failure?.contains("after 3 attempts") == true)
            #expect(report.outcomes.map(\.landed) == [1, 3, 20])

            let replayer = try DeadLetterReplayer(config: fixture.config, publisher: fixture.publisher)
            let letters = try replayer.list(source: "http")
            #expect(letters.count == 1)
            #expect(letters.first?.attempts == 3)
            #expect(letters.first?.inputURI?.contains("offset=5") == true)

            // The API comes back; the replay fetches the failed page and pages on by limit to the end.
            let removed = try admin.perform(HTTPRequest(
                method: "DELETE", url: fixture.config.mockAPIURL + "/__admin/mappings/5f0c2f6e-5d55-4c1f-9a53-2b0f7a1c9e01"))
            #expect(removed.status == 200)
            let outcomes = try await replayer.replayAll(source: "http")
            #expect(outcomes.count == 1)
            #expect(outcomes.first?.failure == nil)
            #expect(outcomes.first?.rawURIs.count == 2)
            let pages = try S3Client(endpoint: fixture.config.s3).listAllObjects(bucket: fixture.config.rawBucket, prefix: "source=http/")
            #expect(pages.count == 3)
            #expect(try replayer.list(source: "http").isEmpty)
        }
    }

    @Test func theBackoffNeverWaitsLongerThanTheCap() throws {
        let policy = SourcesConfig.Retry(maxAttempts: 30, baseDelayMs: 100, maxDelayMs: 400).policy
        for attempt in 1...30 {
            #expect(policy.delay(afterAttempt: attempt, retryAfter: nil) <= .milliseconds(400))
            #expect(policy.delay(afterAttempt: attempt, retryAfter: "3600") == .milliseconds(400))
        }
    }

    @Test func aSourcesFileIsReadFromJSONAndAnInconsistentOneIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sources-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.json").path
        try #"""
            {"retry": {"max_attempts": 4, "base_delay_ms": 200, "max_delay_ms": 2000},
             "sources": [{"name": "api", "kind": "rest", "dataset": "sensors", "path": "/api/v1/sensors", "limit": 5},
                         {"name": "drops", "kind": "files", "dataset": "traffic", "inbox": "/data/inbox"},
                         {"name": "posts", "kind": "synthetic", "count": 100}]}
            """#.write(toFile: good, atomically: true, encoding: .utf8)
        let config = try SourcesConfig.load(path: good)
        #expect(config.retry == .init(maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 2000))
        #expect(config.sources.map(\.kind) == [.rest, .files, .synthetic])
        #expect(config.sources[0].limit == 5)

        let refusals = [
            (#"{"sources": [{"name": "a", "kind": "rest", "dataset": "d", "path": "/x"}, {"name": "a", "kind": "synthetic", "count": 1}]}"#, "two sources are named a"),
            (#"{"sources": [{"name": "a", "kind": "rest", "dataset": "d", "path": "x"}]}"#, "a path starting with /"),
            (#"{"sources": [{"name": "a", "kind": "ftp"}]}"#, "is not a sources file"),
            (#"{"retry": {"max_attempts": 0, "base_delay_ms": 1, "max_delay_ms": 1}, "sources": [{"name": "a", "kind": "synthetic", "count": 1}]}"#, "max_attempts >= 1"),
        ]
        for (index, (text, reason)) in refusals.enumerated() {
            let path = folder.appendingPathComponent("bad-\(index).json").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect { try SourcesConfig.load(path: path) } throws: { error in
                "\(error)".contains(reason)
            }
        }
    }
}
