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
}
