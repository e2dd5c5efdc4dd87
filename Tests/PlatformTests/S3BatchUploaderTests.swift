import Emulators
import Platform
import Testing

/// Many write-once PUTs in flight at once (libcurl's multi interface, SigV4 signed by libcurl) against the
/// S3 emulator over real sockets: each object gets its own outcome, as the stream consumer needs.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct S3BatchUploaderTests {
    private static let access = "platform"
    private static let secret = "platform-secret"

    private func withServer(_ body: (S3Server, S3BatchUploader) async throws -> Void) async throws {
        let server = try await S3Server.start(
            store: S3Store(writeOnceBuckets: ["raw"]), credentials: S3Credentials(users: [Self.access: Self.secret]))
        do {
            let client = S3Client(endpoint: S3Endpoint(url: server.endpoint, accessKey: Self.access, secretKey: Self.secret))
            try client.createBucket("raw")
            try await body(server, S3BatchUploader(client: client, maxInFlight: 16))
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    private static func objects(_ count: Int, under prefix: String) -> [S3BatchUploader.Object] {
        (0..<count).map { S3BatchUploader.Object(key: "\(prefix)/\($0).json", body: Array("{\"n\":\($0)}".utf8)) }
    }

    @Test func manyObjectsLandEachWithItsOwnBytes() async throws {
        try await withServer { _, uploader in
            let objects = Self.objects(300, under: "many")

            let outcomes = await uploader.putIfAbsent(bucket: "raw", objects: objects, contentType: "application/json")

            #expect(outcomes.count == 300)
            #expect(outcomes.allSatisfy { (try? $0.get()) == false })
            let listed = try uploader.client.listAllObjects(bucket: "raw", prefix: "many/")
            #expect(Set(listed.map(\.key)) == Set(objects.map(\.key)))
            for index in [0, 150, 299] {
                #expect(try uploader.client.getObject(bucket: "raw", key: objects[index].key) == objects[index].body)
            }
        }
    }

    @Test func aReplayIsRecognisedPerObjectAndAConflictFailsOnlyItsOwnObject() async throws {
        try await withServer { _, uploader in
            let landed = Self.objects(10, under: "replay")
            _ = await uploader.putIfAbsent(bucket: "raw", objects: landed, contentType: "application/json")
            let conflict = S3BatchUploader.Object(key: landed[0].key, body: Array("{\"n\":\"a different size\"}".utf8))
            let fresh = Self.objects(15, under: "replay").suffix(5)

            let outcomes = await uploader.putIfAbsent(
                bucket: "raw", objects: Array(landed.dropFirst()) + fresh + [conflict], contentType: "application/json")

            #expect(outcomes.prefix(9).allSatisfy { (try? $0.get()) == true }, "same key, same size: already there")
            #expect(outcomes.dropFirst(9).prefix(5).allSatisfy { (try? $0.get()) == false }, "new keys: written")
            let refusal = try #require(throws: S3ResponseError.self) { try outcomes[14].get() }
            #expect(refusal.code == "PreconditionFailed" && refusal.status == 412)
            #expect(try uploader.client.getObject(bucket: "raw", key: landed[0].key) == landed[0].body)
            #expect(try uploader.client.listAllObjects(bucket: "raw", prefix: "replay/").count == 15)
        }
    }

    @Test func a503BurstIsRetriedObjectByObjectUntilEveryObjectLandsOnce() async throws {
        try await MetricsFixture.run { metrics in
            try await withServer { server, uploader in
                let objects = Self.objects(100, under: "burst")
                server.faults.failNext(40, with: .slowDown, matching: .put(under: "raw/burst/"))

                let outcomes = try await uploader.putIfAbsent(
                    bucket: "raw", objects: objects, contentType: "application/json",
                    retry: RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50)),
                    metrics: metrics.metrics)

                #expect(outcomes.allSatisfy { (try? $0.get()) == false }, "written, none taken for a replay")
                #expect(server.faults.faultsAnswered == 40)
                #expect(try uploader.client.listAllObjects(bucket: "raw", prefix: "burst/").count == 100)
                #expect(try metrics.scrape().value("sluice_retries_total", ["target": "s3"]) == 40)
            }
        }
    }

    @Test func objectsStillRefusedAfterTheLastAttemptComeBackExhaustedAndTheOthersLand() async throws {
        try await withServer { server, uploader in
            let objects = Self.objects(6, under: "down") + Self.objects(6, under: "up")
            server.faults.failNext(1_000, with: .serviceUnavailable, matching: .put(under: "raw/down/"))

            let outcomes = try await uploader.putIfAbsent(
                bucket: "raw", objects: objects, contentType: "application/json",
                retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)))

            for outcome in outcomes.prefix(6) {
                let exhausted = try #require(throws: RetryExhaustedError.self) { try outcome.get() }
                #expect(exhausted.attempts == 3)
                #expect((exhausted.last as? S3ResponseError)?.code == "ServiceUnavailable")
            }
            #expect(outcomes.suffix(6).allSatisfy { (try? $0.get()) == false })
            #expect(try uploader.client.listAllObjects(bucket: "raw", prefix: "down/").isEmpty)
            #expect(try uploader.client.listAllObjects(bucket: "raw", prefix: "up/").count == 6)
        }
    }
}
