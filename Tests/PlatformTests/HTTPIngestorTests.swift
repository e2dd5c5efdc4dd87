import Contracts
import Foundation
import Platform
import Testing

/// Day 4 on the embedded stack, against the mock API of infra/wiremock served by the HTTP emulator.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HTTPIngestorTests {
    private func withIngestor(
        retry: RetryPolicy = RetryPolicy(), _ body: (HTTPIngestor, BootstrappedStack) async throws -> Void
    ) async throws {
        try await BootstrappedStack.run(withMockAPI: true) { fixture in
            try await body(
                try HTTPIngestor(config: fixture.config, publisher: fixture.publisher, retry: retry, timeoutMilliseconds: 3_000), fixture)
        }
    }

    @Test func followsPagesRetriesAndLandsEachPayload() async throws {
        try await withIngestor { ingestor, fixture in
            let posts = try await ingestor.ingest(path: "/api/v1/posts", dataset: "posts")
            #expect(posts.failure == nil)
            #expect(posts.pages.map(\.url).map { $0.components(separatedBy: "/api/v1/").last } == ["posts", "posts?offset=5", "posts?offset=10"])
            #expect(posts.records == 12)
            let s3 = S3Client(endpoint: fixture.config.s3)
            let firstPage = try s3.getObject(bucket: "raw", key: String(posts.pages[0].rawURI.dropFirst("s3://raw/".count)))
            #expect(try JSONParser.parse(firstPage)["paging"]?["next_offset"] == 5)

            let cursor = try await ingestor.ingest(path: "/api/v1/events", dataset: "events")
            #expect(cursor.pages.count == 3)
            #expect(cursor.records == 8)

            let start = ContinuousClock.now
            let flaky = try await ingestor.ingest(path: "/api/v1/flaky/posts", dataset: "posts")
            #expect(flaky.failure == nil)
            #expect(flaky.pages.first?.attempts == 2)
            #expect(ContinuousClock.now - start >= .seconds(1))  // the 503 said Retry-After: 1

            let events = try await fixture.consume(topic: "ingest.http.v1", count: 7)
            let validator = try fixture.validator(for: "ingest.http.v1")
            #expect(events.allSatisfy { validator.isValid($0) })
            #expect(Set(events.compactMap { $0["data"]?["raw_uri"]?.stringValue }) == Set((posts.pages + cursor.pages + flaky.pages).map(\.rawURI)))
        }
    }

    @Test func failuresAfterTheLastRetryGoToTheDeadLetters() async throws {
        try await withIngestor(retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10))) { ingestor, fixture in
            let serverError = try await ingestor.ingest(path: "/api/v1/broken/error", dataset: "posts")
            let reset = try await ingestor.ingest(path: "/api/v1/broken/posts", dataset: "posts")
            let badRequest = try await ingestor.ingest(path: "/api/v1/posts?offset=minus-one", dataset: "posts")

            #expect(serverError.failure?.contains("HTTP 500") == true)
            #expect(serverError.failure?.contains("after 3 attempts") == true)
            #expect(reset.failure?.contains("after 3 attempts") == true)
            #expect(badRequest.failure?.hasPrefix("HTTP 400") == true)
            #expect(badRequest.failure?.contains("attempts") == false)  // a 400 is not retried

            let s3 = S3Client(endpoint: fixture.config.s3)
            let letterURI = try #require(serverError.deadLetterURI)
            #expect(letterURI.hasPrefix("s3://raw/dead-letter/source=http/"))
            let letter = try JSONParser.parse(try s3.getObject(bucket: "raw", key: String(letterURI.dropFirst("s3://raw/".count))))
            #expect(letter["input"]?["body"]?.stringValue?.contains("database unavailable") == true)

            let dlq = try await fixture.consume(topic: "ingest.http.v1.dlq", count: 3)
            let validator = try fixture.validator(for: "platform.deadletter.v1")
            #expect(dlq.allSatisfy { validator.isValid($0) })

            let postgres = try PostgresConnection(connectionString: fixture.config.postgres.connectionString)
            let failures = try postgres.query("SELECT count(*) AS n FROM meta.ingestion_failures WHERE source = 'http' AND dead_letter_uri IS NOT NULL")
            #expect(try failures[0].decode("n", as: Int.self) == 3)
            let runs = try postgres.query("SELECT count(*) AS n FROM meta.ingestion_runs WHERE status = 'failed'")
            #expect(try runs[0].decode("n", as: Int.self) == 3)
        }
    }

    @Test func retryAfterIsReadAsSecondsOrAnHTTPDate() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(1), maxDelay: .seconds(30))
        let now = Date(timeIntervalSince1970: 1_800_000_000)

        #expect(policy.delay(afterAttempt: 1, retryAfter: "3", now: now) == .seconds(3))
        let date = policy.delay(afterAttempt: 1, retryAfter: "Fri, 15 Jan 2027 08:00:10 GMT", now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(date == .seconds(10))
        #expect(policy.delay(afterAttempt: 1, retryAfter: "3600", now: now) == .seconds(30))  // capped
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, now: now) <= .milliseconds(4))
    }
}
