import Emulators
import NIOCore
import Platform
import Testing

/// The platform's S3 client (libcurl, SigV4 signed by libcurl) against the S3 emulator over a real socket.
@Suite(.timeLimit(.minutes(1)))
struct S3ClientTests {
    private static let access = "platform"
    private static let secret = "platform-secret"

    private func withServer(
        writeOnce: Set<String> = [], store: S3Store? = nil, _ body: (S3Client) throws -> Void
    ) async throws {
        let server = try await S3Server.start(
            store: store ?? S3Store(writeOnceBuckets: writeOnce), credentials: S3Credentials(users: [Self.access: Self.secret]))
        defer { Task { try? await server.shutdown() } }
        try body(S3Client(endpoint: S3Endpoint(url: server.endpoint, accessKey: Self.access, secretKey: Self.secret)))
    }

    @Test func roundTripsAnObjectWithAnAwkwardKey() async throws {
        try await withServer { s3 in
            try s3.createBucket("landing")
            let key = "source=file/dt=2026-11-23/run 1/données+é?.csv"
            let body = Array("id,value\n1,ä\n".utf8)

            let etag = try s3.putObject(bucket: "landing", key: key, body: body, contentType: "text/csv")

            #expect(try s3.getObject(bucket: "landing", key: key) == body)
            let head = try #require(try s3.headObject(bucket: "landing", key: key))
            #expect(head.size == body.count)
            #expect(head.etag == etag)
            #expect(etag.count == 32 && etag.allSatisfy(\.isHexDigit))  // a single PUT's ETag is the body's MD5
        }
    }

    @Test func putIfAbsentRefusesAnExistingKey() async throws {
        try await withServer { s3 in
            try s3.createBucket("raw")
            try s3.putObject(bucket: "raw", key: "a.json", body: Array("{}".utf8), ifAbsent: true)

            let error = #expect(throws: S3ResponseError.self) {
                try s3.putObject(bucket: "raw", key: "a.json", body: Array("[]".utf8), ifAbsent: true)
            }

            #expect(error?.code == "PreconditionFailed")
            #expect(error?.status == 412)
            #expect(try s3.getObject(bucket: "raw", key: "a.json") == Array("{}".utf8))
        }
    }

    @Test func aWriteOnceBucketRefusesOverwriteAndDelete() async throws {
        try await withServer(writeOnce: ["raw"]) { s3 in
            try s3.putObject(bucket: "raw", key: "x", body: [1, 2, 3])

            let overwrite = #expect(throws: S3ResponseError.self) { try s3.putObject(bucket: "raw", key: "x", body: [4]) }
            let delete = #expect(throws: S3ResponseError.self) { try s3.deleteObject(bucket: "raw", key: "x") }

            #expect(overwrite?.code == "AccessDenied")
            #expect(delete?.code == "AccessDenied")
            #expect(try s3.getObject(bucket: "raw", key: "x") == [1, 2, 3])
        }
    }

    @Test func listsEveryKeyAcrossPages() async throws {
        try await withServer { s3 in
            try s3.createBucket("many")
            let keys = (0..<25).map { "inbox/file-\($0).csv" } + ["other/z.csv"]
            for key in keys { try s3.putObject(bucket: "many", key: key, body: Array(key.utf8)) }

            var pages = 0
            var token: String?
            var seen: [String] = []
            repeat {
                let page = try s3.listObjects(bucket: "many", prefix: "inbox/", continuationToken: token, maxKeys: 10)
                seen += page.objects.map(\.key)
                token = page.continuationToken
                pages += 1
            } while token != nil

            #expect(pages == 3)
            #expect(seen == keys.dropLast().sorted())
            #expect(try s3.listAllObjects(bucket: "many").count == 26)
            let folders = try s3.listObjects(bucket: "many", delimiter: "/")
            #expect(folders.commonPrefixes == ["inbox/", "other/"])
        }
    }

    @Test func copiesThenDeletesLikeAnInboxMove() async throws {
        try await withServer { s3 in
            try s3.createBucket("inbox")
            try s3.putObject(bucket: "inbox", key: "new/a.csv", body: Array("a\n".utf8))

            try s3.copyObject(sourceBucket: "inbox", sourceKey: "new/a.csv", bucket: "inbox", key: "processed/a.csv")
            try s3.deleteObject(bucket: "inbox", key: "new/a.csv")

            #expect(try s3.headObject(bucket: "inbox", key: "new/a.csv") == nil)
            #expect(try s3.getObject(bucket: "inbox", key: "processed/a.csv") == Array("a\n".utf8))
        }
    }

    @Test func aWrongSecretIsRefusedWithTheS3Code() async throws {
        try await withServer { s3 in
            try s3.createBucket("private")
            let intruder = S3Client(
                endpoint: S3Endpoint(url: s3.endpoint.url, accessKey: Self.access, secretKey: "guess"))

            let error = #expect(throws: S3ResponseError.self) { try intruder.getObject(bucket: "private", key: "k") }

            #expect(error?.code == "SignatureDoesNotMatch")
            #expect(error?.status == 403)
            #expect(try s3.bucketExists("private"))
            #expect(try !s3.bucketExists("absent"))
        }
    }

    @Test func anObjectStoredGzipEncodedIsReadBackAsStoredNotDecoded() async throws {
        // "hello\n" gzipped, stored as a client would have uploaded it with `Content-Encoding: gzip`.
        let gzipped: [UInt8] = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7, 0x02, 0x00, 0x20,
            0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00,
        ]
        let store = S3Store()
        try store.createBucket("raw")
        try store.putObject(
            S3Object(body: ByteBuffer(bytes: gzipped), etag: "\"e\"", lastModified: 0, contentType: "text/plain",
                     standardHeaders: ["content-encoding": "gzip"]),
            bucket: "raw", key: "logs/day.txt.gz")
        try await withServer(store: store) { s3 in
            #expect(try s3.getObject(bucket: "raw", key: "logs/day.txt.gz") == gzipped)
            let head = try s3.headObject(bucket: "raw", key: "logs/day.txt.gz")
            #expect(head?.size == gzipped.count)
        }
    }
}
