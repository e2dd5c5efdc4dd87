import Contracts
import Foundation
import Platform
import Testing

/// The HTTP ingestor against the mock API's faults: a reset connection, a 503 with Retry-After and a slow
/// page all end with every page in RAW once and its event published; a page that keeps failing goes to
/// the three dead-letter places, and `sluice replay` lands it once the fault is gone.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct HTTPFaultTests {
    @Test func resetsRetryAfterAndSlowPagesAllLandOnceWithTheirEvents() async throws {
        try await FaultStack.run { stack in
            try addStubs(stack, Self.faultyPages)
            let ingestor = try HTTPIngestor(
                config: stack.config, publisher: stack.publisher, retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(50)))
            let report = try await ingestor.ingest(path: "/api/v1/faulty/posts", dataset: "posts")
            #expect(report.failure == nil)
            // The reset may be retried by libcurl itself (a reused connection that dies before an answer is
            // tried once more on a fresh one), so the first page took one or two attempts of the ingestor;
            // the mock saw two requests for it either way.
            #expect([[1, 2, 1], [2, 2, 1]].contains(report.pages.map(\.attempts)))
            let firstPage = try CurlHTTPClient().perform(HTTPRequest(
                method: "POST", url: stack.config.mockAPIURL + "/__admin/requests/count",
                body: Array(#"{"method":"GET","urlPath":"/api/v1/faulty/posts","queryParameters":{"offset":{"absent":true}}}"#.utf8)))
            #expect(try JSONParser.parse(firstPage.body)["count"] == .number(JSONNumber(2)))
            #expect(report.records == 5)
            let keys = try stack.rawKeys(under: "source=http/")
            #expect(keys.count == 3)
            #expect(Set(keys.map { "s3://raw/\($0)" }) == Set(report.pages.map(\.rawURI)))
            let events = try await stack.readAll(topic: "ingest.http.v1")
            #expect(events.count == 3)
            #expect(Set(events.compactMap { $0["data"]?["raw_uri"]?.stringValue }) == Set(report.pages.map(\.rawURI)))
            #expect(try await stack.readAll(topic: "ingest.http.v1.dlq", quiet: .seconds(1)).isEmpty)
        }
    }

    @Test func aPageThatKeepsFailingIsDeadLetteredAndReplayLandsItOnceTheFaultIsGone() async throws {
        try await FaultStack.run { stack in
            try addStubs(stack, Self.deadPage)
            let ingestor = try HTTPIngestor(
                config: stack.config, publisher: stack.publisher, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20)))
            let report = try await ingestor.ingest(path: "/api/v1/faulty/dead", dataset: "posts")
            #expect(report.pages.count == 1)
            #expect(report.failure?.contains("HTTP 500") == true)
            let deadLetterURI = try #require(report.deadLetterURI)

            // 1. the dead-letter object: the input (URL, page, answer) and the error
            let letterKey = String(deadLetterURI.dropFirst("s3://raw/".count))
            let letter = try JSONParser.parse(S3Client(endpoint: stack.config.s3).getObject(bucket: "raw", key: letterKey))
            #expect(letter["input"]?["url"]?.stringValue?.hasSuffix("/api/v1/faulty/dead?offset=1") == true)
            #expect(letter["attempts"] == .number(JSONNumber(3)))
            // 2. the dead-letter topic
            let dlq = try await stack.readAll(topic: "ingest.http.v1.dlq")
            #expect(dlq.count == 1)
            #expect(dlq.first?["data"]?["original"]?["page"] == .number(JSONNumber(1)))
            // 3. the failure row, listed by `sluice replay list`
            let list = try await SluiceProcess.run(["replay", "list", "--env", stack.envFile])
            #expect(list.status == 0, "\(list.output)")
            let failureID = try #require(try DeadLetterReplayer(config: stack.config, publisher: stack.publisher).list(source: "http").first?.failureID)
            #expect(list.output.contains(failureID) && list.output.contains(deadLetterURI) && list.output.contains("1 dead letter"))

            // While the fault lasts, a replay fails again and leaves the row pending.
            let early = try await SluiceProcess.run(["replay", failureID, "--env", stack.envFile])
            #expect(early.status == 1, "\(early.output)")

            try removeStub(stack, id: Self.failingStubID)
            try addStubs(stack, Self.healedPage)
            let replay = try await SluiceProcess.run(["replay", failureID, "--env", stack.envFile])
            #expect(replay.status == 0, "\(replay.output)")
            #expect(replay.output.contains("1 replayed, 0 failed"))
            let keys = try stack.rawKeys(under: "source=http/")
            #expect(keys.count == 2)
            #expect(keys.contains { $0.hasSuffix("/\(report.runID)/page-1.json") })  // the failed run's own key
            let events = try await stack.readAll(topic: "ingest.http.v1")
            #expect(events.count == 2)
            #expect(Set(events.compactMap { $0["data"]?["raw_uri"]?.stringValue }) == Set(keys.map { "s3://raw/\($0)" }))

            let rows = try stack.database().query(
                "SELECT replayed_at IS NOT NULL AS done, replay_run_id::text AS run FROM meta.ingestion_failures WHERE failure_id = $1::uuid",
                [failureID])
            #expect(try rows[0].decode("done", as: Bool.self) == true)
            let again = try await SluiceProcess.run(["replay", failureID, "--env", stack.envFile])
            #expect(again.status != 0 && again.output.contains("was replayed at"), "\(again.output)")
            #expect(try stack.rawKeys(under: "source=http/").count == 2)
        }
    }

    private func addStubs(_ stack: FaultStack, _ mappings: [String]) throws {
        for mapping in mappings {
            let response = try CurlHTTPClient().perform(HTTPRequest(
                method: "POST", url: stack.config.mockAPIURL + "/__admin/mappings",
                headers: [("Content-Type", "application/json")], body: Array(mapping.utf8)))
            #expect(response.status == 201, "\(String(decoding: response.body, as: UTF8.self))")
        }
    }

    private func removeStub(_ stack: FaultStack, id: String) throws {
        let response = try CurlHTTPClient().perform(HTTPRequest(method: "DELETE", url: stack.config.mockAPIURL + "/__admin/mappings/\(id)"))
        #expect(response.status == 200)
    }

    /// Three pages: the first resets the connection once, the second answers 503 with Retry-After once,
    /// the third is 1.5 s slow.
    static let faultyPages = [
        #"{"scenarioName":"p0","requiredScenarioState":"Started","newScenarioState":"ok","request":{"method":"GET","urlPath":"/api/v1/faulty/posts","queryParameters":{"offset":{"absent":true}}},"response":{"fault":"CONNECTION_RESET_BY_PEER"}}"#,
        #"{"scenarioName":"p0","requiredScenarioState":"ok","request":{"method":"GET","urlPath":"/api/v1/faulty/posts","queryParameters":{"offset":{"absent":true}}},"response":{"status":200,"jsonBody":{"data":[{"id":1},{"id":2}],"paging":{"next_offset":2}}}}"#,
        #"{"scenarioName":"p1","requiredScenarioState":"Started","newScenarioState":"ok","request":{"method":"GET","urlPath":"/api/v1/faulty/posts","queryParameters":{"offset":{"equalTo":"2"}}},"response":{"status":503,"headers":{"Retry-After":"1"},"jsonBody":{"error":"unavailable"}}}"#,
        #"{"scenarioName":"p1","requiredScenarioState":"ok","request":{"method":"GET","urlPath":"/api/v1/faulty/posts","queryParameters":{"offset":{"equalTo":"2"}}},"response":{"status":200,"jsonBody":{"data":[{"id":3},{"id":4}],"paging":{"next_offset":4}}}}"#,
        #"{"request":{"method":"GET","urlPath":"/api/v1/faulty/posts","queryParameters":{"offset":{"equalTo":"4"}}},"response":{"status":200,"fixedDelayMilliseconds":1500,"jsonBody":{"data":[{"id":5}],"paging":{"next_offset":null}}}}"#,
    ]

    static let failingStubID = "5b0c2f4e-9d1a-4c1e-8f57-3f1f5d7a0b11"

    /// Two pages, the second failing with 500 until its stub is removed.
    static let deadPage = [
        #"{"request":{"method":"GET","urlPath":"/api/v1/faulty/dead","queryParameters":{"offset":{"absent":true}}},"response":{"status":200,"jsonBody":{"data":[{"id":1}],"paging":{"next_offset":1}}}}"#,
        #"{"id":"\#(failingStubID)","request":{"method":"GET","urlPath":"/api/v1/faulty/dead","queryParameters":{"offset":{"equalTo":"1"}}},"response":{"status":500,"jsonBody":{"error":"broken"}}}"#,
    ]

    /// The second page once healed: the last page.
    static let healedPage = [
        #"{"request":{"method":"GET","urlPath":"/api/v1/faulty/dead","queryParameters":{"offset":{"equalTo":"1"}}},"response":{"status":200,"jsonBody":{"data":[{"id":2}],"paging":{"next_offset":null}}}}"#,
    ]
}
