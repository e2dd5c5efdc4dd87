import Emulators
import Testing

/// The emulator over a real loopback socket, asserting what a client sees on the wire.
@Suite struct S3ServerTests {
    static let credentials = S3Credentials(users: ["writer": "writer-secret", "reader": "reader-secret"])

    static func withServer(writeOnce: Set<String> = [], _ body: (S3TestClient, S3Server) async throws -> Void) async throws {
        let server = try await S3Server.start(store: S3Store(writeOnceBuckets: writeOnce), credentials: credentials)
        do {
            try await body(S3TestClient(port: server.port, accessKey: "writer", secretKey: "writer-secret"), server)
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    @Test func bindsAnEphemeralPortAndReportsIt() async throws {
        try await Self.withServer { _, server in
            #expect(server.port > 0)
            #expect(server.endpoint == "http://127.0.0.1:\(server.port)")
        }
    }

    @Test func anonymousRequestGetsAccessDeniedXML() async throws {
        try await Self.withServer { client, _ in
            let response = try client.send("GET", "/", sign: false)
            #expect(response.status == 403)
            #expect(response.errorCode == "AccessDenied")
            #expect(response.headers["x-amz-request-id"] != nil)
        }
    }

    @Test func putThenGetReturnsTheBodyAndItsMD5ETag() async throws {
        try await Self.withServer { client, _ in
            #expect(try client.send("PUT", "/bucket").status == 200)
            let put = try client.send("PUT", "/bucket/dir/hello%20world.txt", body: Array("hello".utf8),
                                      headers: ["content-type": "text/plain", "x-amz-meta-run": "42"])
            #expect(put.status == 200)
            #expect(put.headers["etag"] == "\"5d41402abc4b2a76b9719d911017c592\"")
            let get = try client.send("GET", "/bucket/dir/hello%20world.txt")
            #expect(get.status == 200)
            #expect(get.text == "hello")
            #expect(get.headers["content-type"] == "text/plain")
            #expect(get.headers["x-amz-meta-run"] == "42")
            let list = try client.send("GET", "/bucket?list-type=2&prefix=dir%2F")
            #expect(list.text.contains("<Key>dir/hello world.txt</Key>"))
            #expect(list.text.contains("<KeyCount>1</KeyCount>"))
        }
    }

    @Test func wrongSecretIsRefusedAndWritesNothing() async throws {
        try await Self.withServer { client, _ in
            #expect(try client.send("PUT", "/bucket").status == 200)
            let intruder = S3TestClient(port: client.port, accessKey: "writer", secretKey: "reader-secret")
            let put = try intruder.send("PUT", "/bucket/k", body: [1, 2, 3])
            #expect(put.status == 403)
            #expect(put.errorCode == "SignatureDoesNotMatch")
            #expect(try client.send("GET", "/bucket/k").errorCode == "NoSuchKey")
        }
    }

    @Test func secondUserHasItsOwnSecret() async throws {
        try await Self.withServer { client, _ in
            let reader = S3TestClient(port: client.port, accessKey: "reader", secretKey: "reader-secret")
            let response = try reader.send("GET", "/")
            #expect(response.status == 200)
        }
    }

    @Test func writeOnceBucketRefusesOverwriteAndDeleteWithAccessDenied() async throws {
        try await Self.withServer(writeOnce: ["raw"]) { client, _ in
            #expect(try client.send("PUT", "/raw/source=file/a.csv", body: Array("v1".utf8)).status == 200)
            let overwrite = try client.send("PUT", "/raw/source=file/a.csv", body: Array("v2".utf8))
            #expect(overwrite.status == 403)
            #expect(overwrite.errorCode == "AccessDenied")
            let delete = try client.send("DELETE", "/raw/source=file/a.csv")
            #expect(delete.status == 403)
            #expect(delete.errorCode == "AccessDenied")
            #expect(try client.send("GET", "/raw/source=file/a.csv").text == "v1")
        }
    }

    @Test func missingBucketAndKeyGetTheirErrors() async throws {
        try await Self.withServer { client, _ in
            let bucket = try client.send("GET", "/nope/k")
            #expect(bucket.status == 404)
            #expect(bucket.errorCode == "NoSuchBucket")
            #expect(try client.send("PUT", "/bucket").status == 200)
            let key = try client.send("GET", "/bucket/missing")
            #expect(key.errorCode == "NoSuchKey")
            #expect(key.text.contains("<Key>missing</Key>"))
            let head = try client.send("HEAD", "/bucket/missing")
            #expect(head.status == 404)
            #expect(head.body.isEmpty)
            #expect(try client.send("PUT", "/Bad_Name").errorCode == "InvalidBucketName")
        }
    }

    @Test func rangeAndConditionalGet() async throws {
        try await Self.withServer { client, _ in
            _ = try client.send("PUT", "/bucket")
            let etag = try client.send("PUT", "/bucket/k", body: Array("0123456789".utf8)).headers["etag"] ?? ""
            let range = try client.send("GET", "/bucket/k", headers: ["range": "bytes=2-4"])
            #expect(range.status == 206)
            #expect(range.text == "234")
            #expect(range.headers["content-range"] == "bytes 2-4/10")
            #expect(try client.send("GET", "/bucket/k", headers: ["if-none-match": etag]).status == 304)
            #expect(try client.send("GET", "/bucket/k", headers: ["if-match": "\"0\""]).status == 412)
            #expect(try client.send("GET", "/bucket/k", headers: ["range": "bytes=10-"]).errorCode == "InvalidRange")
            let conditional = try client.send("PUT", "/bucket/k", body: [1], headers: ["if-none-match": "*"])
            #expect(conditional.status == 412)
        }
    }

    @Test func badContentMD5IsBadDigestAndStoresNothing() async throws {
        try await Self.withServer { client, _ in
            _ = try client.send("PUT", "/bucket")
            let put = try client.send("PUT", "/bucket/k", body: Array("data".utf8),
                                      headers: ["content-md5": "XrY7u+Ae7tCTyyK7j1rNww=="])
            #expect(put.errorCode == "BadDigest")
            #expect(try client.send("GET", "/bucket/k").errorCode == "NoSuchKey")
        }
    }

    @Test func minioHealthEndpointsAnswerWithoutCredentials() async throws {
        try await Self.withServer { client, _ in
            let live = try client.send("GET", "/minio/health/live", sign: false)
            let ready = try client.send("GET", "/minio/health/ready", sign: false)
            #expect(live.status == 200)
            #expect(ready.status == 200)
        }
    }
}
