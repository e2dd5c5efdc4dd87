import Contracts
import Foundation
import Platform
import Testing

/// Issue 11's webhook pipeline on the embedded stack: posts through libcurl, 200 only once queued on
/// Kafka, the worker lands each payload in RAW with its event, and a redo is recognised.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebhookPipelineTests {
    private let http = CurlHTTPClient(timeoutMilliseconds: 20_000)

    private func post(_ url: String, contentType: String, body: [UInt8]) throws -> HTTPResponse {
        try http.perform(HTTPRequest(method: "POST", url: url, headers: [("Content-Type", contentType)], body: body))
    }

    @Test func postsAreQueuedThenLandedInRAWWithTheirEvents() async throws {
        try await BootstrappedStack.run { fixture in
            try await MetricsFixture.run { scrape in
                let config = fixture.config
                try WebhookTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
                let queue = try WebhookQueue(bootstrapServers: config.kafkaBootstrapServers)
                let server = try await WebhookServer.start(queue: queue, host: "127.0.0.1", port: 0, maxBodyBytes: 64 * 1024)

                let json = Array(#"{"action":"opened","number":7}"#.utf8)
                let binary = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }  // > 1 KiB: curl sends Expect: 100-continue
                let text = Array("ping ü\n".utf8)
                let posted = [
                    ("github", "application/json", json), ("sensors", "application/octet-stream", binary), ("ops-alerts", "text/plain; charset=utf-8", text),
                ]
                var coordinates: [String: [UInt8]] = [:]
                for (source, type, body) in posted {
                    let response = try post("\(server.url)/webhooks/\(source)", contentType: type, body: body)
                    #expect(response.status == 200)
                    let answer = try JSONParser.parse(response.body)
                    #expect(answer["status"]?.stringValue == "queued")
                    #expect(answer["topic"]?.stringValue == WebhookTopics.inbox)
                    guard case .number(let partition)? = answer["partition"], case .number(let offset)? = answer["offset"] else {
                        Issue.record("no coordinates in \(answer)")
                        continue
                    }
                    coordinates["\(WebhookTopics.inbox)-\(partition)-\(offset)"] = body
                }
                #expect(coordinates.count == 3)

                let tooLarge = try post("\(server.url)/webhooks/github", contentType: "application/json", body: Array(repeating: 0x20, count: 64 * 1024 + 1))
                #expect(tooLarge.status == 413)
                #expect(try post("\(server.url)/webhooks/Bad%20Name", contentType: "text/plain", body: text).status == 400)
                #expect(try post("\(server.url)/other", contentType: "text/plain", body: text).status == 404)
                #expect(try http.get("\(server.url)/webhooks/github").status == 405)

                let trace = TraceContext.root()
                let first = try await WebhookWorker(config: config, publisher: fixture.publisher, group: "webhook-a", metrics: scrape.metrics)
                    .run(maxPayloads: 3, idleTimeout: .seconds(20), trace: trace)
                #expect(first.payloads == 3)
                #expect(first.replayed == 0)
                #expect(first.bytes == posted.reduce(0) { $0 + $1.2.count })

                // The run is in the metadata with the others, and the metrics count by webhook source.
                let database = try PostgresConnection(connectionString: config.postgres.connectionString)
                let runs = Array(try database.query(
                    "SELECT status, records_in, records_out, bytes_in, trace_id FROM meta.ingestion_runs WHERE source = 'webhook'"))
                #expect(runs.count == 1)
                #expect(try runs.first?.decode("status", as: String.self) == "succeeded")
                #expect(try runs.first?.decode("records_out", as: Int.self) == 3)
                #expect(try runs.first?.decode("bytes_in", as: Int.self) == first.bytes)
                #expect(try runs.first?.decode("trace_id", as: String.self) == trace.traceID)
                let exposition = try scrape.scrape()
                for (source, _, body) in posted {
                    #expect(try exposition.value(SluiceMetrics.recordsOutName, ["dataset": source, "source": "webhook"]) == 1)
                    #expect(try exposition.value(SluiceMetrics.bytesInName, ["dataset": source, "source": "webhook"]) == Double(body.count))
                }
                #expect(try exposition.value(SluiceMetrics.batchSecondsName + "_count", ["stage": "webhook_batch"]) == Double(first.batches))

                let s3 = S3Client(endpoint: config.s3)
                let objects = try s3.listAllObjects(bucket: config.rawBucket, prefix: "source=webhook/")
                #expect(objects.count == 3)
                for object in objects {
                    let name = object.key.split(separator: "/").last.map(String.init) ?? ""
                    let stem = String(name[..<(name.lastIndex(of: ".") ?? name.endIndex)])
                    #expect(try s3.getObject(bucket: config.rawBucket, key: object.key) == coordinates[stem], "bytes of \(object.key)")
                }
                #expect(objects.contains { $0.key.contains("/github/") && $0.key.hasSuffix(".json") })
                #expect(objects.contains { $0.key.contains("/sensors/") && $0.key.hasSuffix(".bin") })
                #expect(objects.contains { $0.key.contains("/ops-alerts/") && $0.key.hasSuffix(".txt") })

                let events = try await fixture.consume(topic: WebhookTopics.landed, count: 3)
                let validator = try fixture.validator(for: WebhookTopics.landed)
                #expect(events.allSatisfy { validator.isValid($0) })
                #expect(Set(events.compactMap { $0["data"]?["raw_uri"]?.stringValue }) == Set(objects.map { "s3://\(config.rawBucket)/\($0.key)" }))
                #expect(Set(events.compactMap { $0["data"]?["webhook_source"]?.stringValue }) == ["github", "sensors", "ops-alerts"])

                // Another group reads the same records again: every object is recognised, none duplicated.
                let redo = try await WebhookWorker(config: config, publisher: fixture.publisher, group: "webhook-b")
                    .run(maxPayloads: 3, idleTimeout: .seconds(20))
                #expect(redo.payloads == 3)
                #expect(redo.replayed == 3)
                #expect(try s3.listAllObjects(bucket: config.rawBucket, prefix: "source=webhook/").count == 3)
                try await server.shutdown()
            }
        }
    }

    @Test func aBrokerThatIsDownGets503NeverA200() async throws {
        // Nothing listens on port 1 of loopback: the broker is down for this producer.
        let queue = try WebhookQueue(bootstrapServers: "127.0.0.1:1", deliveryTimeout: .seconds(2))
        let server = try await WebhookServer.start(queue: queue, host: "127.0.0.1", port: 0)
        let started = ContinuousClock.now
        let response = try post("\(server.url)/webhooks/github", contentType: "application/json", body: Array(#"{"a":1}"#.utf8))
        #expect(response.status == 503)
        #expect(String(decoding: response.body, as: UTF8.self).contains("not queued"))
        #expect(ContinuousClock.now - started < .seconds(15))
        try await server.shutdown()
    }
}
