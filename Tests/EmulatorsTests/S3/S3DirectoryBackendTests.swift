import Foundation
import NIOCore
import Testing

@testable import Emulators

@Suite struct S3DirectoryBackendTests {
    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "sluice-s3-\(UInt64.random(in: .min ... .max))"
    }

    @Test func objectsAndBucketsSurviveARestart() throws {
        let path = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try S3Store(directory: path, writeOnceBuckets: ["raw"])
            try store.createBucket("curated")
            var object = S3StoreTests.object("a,b\n1,2\n")
            object.metadata = ["run-id": "42"]
            object.contentType = "text/csv"
            try store.putObject(object, bucket: "raw", key: "source=file/../odd\u{1}key")
            try store.putObject(S3StoreTests.object("gone"), bucket: "curated", key: "tmp")
            try store.deleteObject(bucket: "curated", key: "tmp")
        }
        let reopened = try S3Store(directory: path, writeOnceBuckets: ["raw"])
        let object = try reopened.object(bucket: "raw", key: "source=file/../odd\u{1}key")
        #expect(object.body == ByteBuffer(string: "a,b\n1,2\n"))
        #expect(object.metadata == ["run-id": "42"])
        #expect(object.contentType == "text/csv")
        #expect(reopened.listBuckets().map(\.name) == ["curated", "raw"])
        let listed = try reopened.list(bucket: "raw", prefix: "", delimiter: nil, after: nil, maxKeys: 10)
        #expect(listed.contents.map(\.object.size) == [8])
        #expect(listed.contents.map(\.object.body.readableBytes) == [0])  // bytes stay on disk until read
        #expect(throws: S3Error.noSuchKey("tmp")) { try reopened.object(bucket: "curated", key: "tmp") }
        #expect(throws: S3Error.writeOnce("source=file/../odd\u{1}key")) {
            try reopened.putObject(S3StoreTests.object("x"), bucket: "raw", key: "source=file/../odd\u{1}key")
        }
    }

    @Test func refusedWriteLeavesNoStagedFile() throws {
        let path = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try S3Store(directory: path)
        try store.createBucket("b")
        try store.putObject(S3StoreTests.object("v1"), bucket: "b", key: "k")
        #expect(throws: S3Error.preconditionFailed) {
            try store.putObject(S3StoreTests.object("v2"), bucket: "b", key: "k") { (existing) throws(S3Error) in
                if existing != nil { throw .preconditionFailed }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path + "/.staging").isEmpty)
        #expect(try S3Store(directory: path).object(bucket: "b", key: "k").body == ByteBuffer(string: "v1"))
    }

    static func withServer(_ path: String, _ body: (S3TestClient) async throws -> Void) async throws {
        let server = try await S3Server.start(store: S3Store(directory: path), credentials: S3ServerTests.credentials)
        do {
            try await body(S3TestClient(port: server.port, accessKey: "writer", secretKey: "writer-secret"))
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    static func staging(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path + "/.staging")
    }

    /// Bodies streamed to staging files are checked at the end against the signed hash, Content-MD5 and
    /// checksums; a refused one leaves neither an object nor a staging file.
    @Test func streamedUploadsAreVerifiedAtTheEnd() async throws {
        let path = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.withServer(path) { client in
            _ = try client.send("PUT", "/bkt")
            let body = Array("day,count\n2024-01-01,3\n".utf8)
            let crc = S3ChecksumAlgorithm.crc32.base64Digest(of: body)
            let put = try client.send("PUT", "/bkt/k", body: body, headers: ["x-amz-checksum-crc32": crc])
            #expect(put.status == 200)
            #expect(put.headers["x-amz-checksum-crc32"] == crc)
            #expect(try client.send("GET", "/bkt/k").body == body)
            let curl = S3TestClient(port: client.port, accessKey: "writer", secretKey: "writer-secret", curlStyle: true)
            #expect(try curl.send("PUT", "/bkt/curl", body: body).status == 200)

            // Signed for one body, sent with another of the same length.
            let fd = try client.connected()
            try client.writeAll(fd, client.head("PUT", "/bkt/k", body: body) + Array("DAY,COUNT\n2024-01-01,3\n".utf8))
            let tampered = try S3TestClient.parse(client.readAll(fd))
            close(fd)
            #expect(tampered.errorCode == "XAmzContentSHA256Mismatch")
            let badCRC = try client.send("PUT", "/bkt/k", body: Array("other".utf8), headers: ["x-amz-checksum-crc32": crc])
            #expect(badCRC.status == 400)
            let badMD5 = try client.send("PUT", "/bkt/k", body: Array("other".utf8),
                                         headers: ["content-md5": "1B2M2Y8AsgTpgAmY7PhCfg=="])
            #expect(badMD5.errorCode == "BadDigest")
            let wrongCurl = S3TestClient(port: client.port, accessKey: "writer", secretKey: "wrong", curlStyle: true)
            #expect(try wrongCurl.send("PUT", "/bkt/k", body: Array("other".utf8)).status == 403)
            #expect(try client.send("GET", "/bkt/k").body == body)
            #expect(try Self.staging(path).isEmpty)
        }
        #expect(try S3Store(directory: path).object(bucket: "bkt", key: "curl").body.readableBytes == 23)
    }

    /// Parts are streamed to files of their own and concatenated on completion; replaced and completed
    /// parts leave no files behind, and the object survives a restart.
    @Test func multipartPartsLiveInFilesUntilCompleted() async throws {
        let path = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = [UInt8](repeating: 7, count: S3Store.minimumPartSize)
        let second = Array("tail".utf8)
        try await Self.withServer(path) { client in
            _ = try client.send("PUT", "/bkt")
            let created = try client.send("POST", "/bkt/m?uploads")
            let id = try #require(created.text.components(between: "<UploadId>", and: "</UploadId>"))
            _ = try client.send("PUT", "/bkt/m?partNumber=1&uploadId=\(id)", body: Array("replaced".utf8))
            let one = try client.send("PUT", "/bkt/m?partNumber=1&uploadId=\(id)", body: first)
            let two = try client.send("PUT", "/bkt/m?partNumber=2&uploadId=\(id)", body: second)
            #expect(try Self.staging(path).count == 2)
            let listed = try client.send("GET", "/bkt/m?uploadId=\(id)")
            #expect(listed.text.contains("<Size>\(first.count)</Size>"))
            let complete = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\(one.headers["etag"] ?? "")</ETag></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>\(two.headers["etag"] ?? "")</ETag></Part></CompleteMultipartUpload>"
            #expect(try client.send("POST", "/bkt/m?uploadId=\(id)", body: Array(complete.utf8)).status == 200)
            #expect(try Self.staging(path).isEmpty)
            #expect(try client.send("GET", "/bkt/m").body == first + second)
            #expect(try client.send("GET", "/bkt/m?partNumber=2").body == second)

            let aborted = try client.send("POST", "/bkt/gone?uploads")
            let abortedID = try #require(aborted.text.components(between: "<UploadId>", and: "</UploadId>"))
            _ = try client.send("PUT", "/bkt/gone?partNumber=1&uploadId=\(abortedID)", body: second)
            #expect(try client.send("DELETE", "/bkt/gone?uploadId=\(abortedID)").status == 204)
            #expect(try Self.staging(path).isEmpty)
        }
        let reopened = try S3Store(directory: path)
        #expect(try reopened.object(bucket: "bkt", key: "m").body == ByteBuffer(bytes: first + second))
        #expect(try reopened.object(bucket: "bkt", key: "m").partSizes == [first.count, second.count])
    }

    /// aws-chunked bodies with a checksum trailer (boto3's default upload) are decoded on their way to disk
    /// and checked against the trailer at the end.
    @Test func awsChunkedUploadsStreamAndCheckTheirTrailer() async throws {
        let path = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let payload = Array("day,count\n2024-01-01,3\n".utf8)
        let crc = S3ChecksumAlgorithm.crc32.base64Digest(of: payload)
        func framed(_ trailer: String, end: Bool = true) -> [UInt8] {
            Array("10\r\n".utf8) + payload.prefix(16) + Array("\r\n7\r\n".utf8) + payload.dropFirst(16)
                + Array((end ? "\r\n0\r\nx-amz-checksum-crc32:\(trailer)\r\n\r\n" : "\r\n").utf8)
        }
        let headers = ["x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "content-encoding": "aws-chunked",
                       "x-amz-trailer": "x-amz-checksum-crc32", "x-amz-decoded-content-length": String(payload.count)]
        try await Self.withServer(path) { client in
            _ = try client.send("PUT", "/bkt")
            let put = try client.send("PUT", "/bkt/k", body: framed(crc), headers: headers)
            #expect(put.status == 200)
            #expect(put.headers["x-amz-checksum-crc32"] == crc)
            #expect(try client.send("GET", "/bkt/k").body == payload)
            let wrong = try client.send("PUT", "/bkt/wrong", body: framed("AAAAAA=="), headers: headers)
            #expect(wrong.status == 400)
            let cut = try client.send("PUT", "/bkt/cut", body: framed(crc, end: false), headers: headers)
            #expect(cut.errorCode == "IncompleteBody")
            #expect(try client.send("GET", "/bkt/wrong").status == 404)
            #expect(try client.send("GET", "/bkt/cut").status == 404)
            #expect(try Self.staging(path).isEmpty)
        }
    }

    /// Object files of the first format (attributes in front of the bytes) are still read.
    @Test func firstFormatObjectFilesAreStillRead() throws {
        let path = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try S3Store(directory: path)
            try store.createBucket("b")
            var object = S3StoreTests.object("old bytes")
            object.metadata = ["run-id": "7"]
            try store.putObject(object, bucket: "b", key: "k")
        }
        // Rewrite the one object file from <bytes><json><length><magic2> to <magic1><length><json><bytes>.
        let directory = path + "/b"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".object") })
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
        let magic2 = Array("SLUICE-S3-OBJECT2\n".utf8)
        let lengthBytes = file[(file.count - magic2.count - 4)..<(file.count - magic2.count)]
        let length = lengthBytes.reduce(0) { $0 << 8 | Int($1) }
        let bodyEnd = file.count - magic2.count - 4 - length
        let json = file[bodyEnd..<(bodyEnd + length)]
        let old = Array("SLUICE-S3-OBJECT1\n".utf8) + lengthBytes + json + file[..<bodyEnd]
        try Data(old).write(to: URL(fileURLWithPath: directory + "/" + name))
        let reopened = try S3Store(directory: path)
        let object = try reopened.object(bucket: "b", key: "k")
        #expect(object.body == ByteBuffer(string: "old bytes"))
        #expect(object.metadata == ["run-id": "7"])
        #expect(object.size == 9)
    }
}
