import Contracts
import NIOCore
import Testing

@testable import Emulators

@Suite struct S3StoreTests {
    static func object(_ text: String) -> S3Object {
        let body = ByteBuffer(string: text)
        return S3Object(body: body, etag: "\"\(LowercaseHex.text(of: body.md5))\"", lastModified: 0)
    }

    @Test func writeOnceBucketRefusesOverwriteAndDeleteButAcceptsNewKeys() throws {
        let store = S3Store(writeOnceBuckets: ["raw"])
        try store.putObject(Self.object("first"), bucket: "raw", key: "k")
        #expect(throws: S3Error.writeOnce("k")) { try store.putObject(Self.object("second"), bucket: "raw", key: "k") }
        #expect(throws: S3Error.writeOnce("k")) { try store.deleteObject(bucket: "raw", key: "k") }
        #expect(try store.object(bucket: "raw", key: "k").body == ByteBuffer(string: "first"))
        try store.putObject(Self.object("other"), bucket: "raw", key: "k2")
    }

    @Test func writeOnceSurvivesDeleteAndRecreateOfTheBucket() throws {
        let store = S3Store(writeOnceBuckets: ["raw"])
        try store.deleteBucket("raw")
        try store.createBucket("raw")
        try store.putObject(Self.object("a"), bucket: "raw", key: "k")
        #expect(throws: S3Error.writeOnce("k")) { try store.putObject(Self.object("b"), bucket: "raw", key: "k") }
    }

    @Test func deleteBucketRefusesWhileObjectsRemain() throws {
        let store = S3Store()
        try store.createBucket("b")
        try store.putObject(Self.object("x"), bucket: "b", key: "k")
        #expect(throws: S3Error.bucketNotEmpty("b")) { try store.deleteBucket("b") }
        #expect(throws: S3Error.bucketAlreadyOwnedByYou("b")) { try store.createBucket("b") }
    }

    @Test func listingPagesThroughCommonPrefixesWithoutRepeats() throws {
        let store = S3Store()
        try store.createBucket("b")
        for key in ["a/1", "a/2", "b/3", "c", "d/4", "é"] { try store.putObject(Self.object(key), bucket: "b", key: key) }
        var seen: [String] = []
        var after: String?
        repeat {
            let page = try store.list(bucket: "b", prefix: "", delimiter: "/", after: after, maxKeys: 2)
            seen += page.contents.map(\.key) + page.commonPrefixes
            after = page.isTruncated ? page.lastEntry : nil
        } while after != nil
        #expect(seen.sorted() == ["a/", "b/", "c", "d/", "é"])
        #expect(Set(seen).count == seen.count)
    }

    @Test func multipartCompletionChecksOrderSizesAndETags() throws {
        let store = S3Store()
        try store.createBucket("b")
        let id = try store.createMultipartUpload(bucket: "b", key: "k", template: Self.object(""))
        let big = ByteBuffer(repeating: 1, count: S3Store.minimumPartSize)
        let e1 = try store.uploadPart(bucket: "b", key: "k", uploadID: id, number: 1, body: big)
        let e2 = try store.uploadPart(bucket: "b", key: "k", uploadID: id, number: 2, body: ByteBuffer(string: "tail"))
        #expect(throws: S3Error.invalidPartOrder) {
            try store.completeMultipartUpload(bucket: "b", key: "k", uploadID: id, parts: [(2, e2), (1, e1)])
        }
        #expect(throws: S3Error.invalidPart) {
            try store.completeMultipartUpload(bucket: "b", key: "k", uploadID: id, parts: [(1, "\"00\""), (2, e2)])
        }
        #expect(throws: S3Error.noSuchKey("k")) { try store.object(bucket: "b", key: "k") }
        let object = try store.completeMultipartUpload(bucket: "b", key: "k", uploadID: id, parts: [(1, e1), (2, e2)])
        #expect(object.etag.hasSuffix("-2\""))
        #expect(object.size == S3Store.minimumPartSize + 4)
        #expect(object.partSizes == [S3Store.minimumPartSize, 4])
        #expect(throws: S3Error.noSuchUpload) { try store.upload(bucket: "b", key: "k", uploadID: id) }
    }

    @Test func smallPartBeforeTheLastIsEntityTooSmall() throws {
        let store = S3Store()
        try store.createBucket("b")
        let id = try store.createMultipartUpload(bucket: "b", key: "k", template: Self.object(""))
        let e1 = try store.uploadPart(bucket: "b", key: "k", uploadID: id, number: 1, body: ByteBuffer(string: "small"))
        let e2 = try store.uploadPart(bucket: "b", key: "k", uploadID: id, number: 2, body: ByteBuffer(string: "last"))
        #expect(throws: S3Error.entityTooSmall) {
            try store.completeMultipartUpload(bucket: "b", key: "k", uploadID: id, parts: [(1, e1), (2, e2)])
        }
    }

    @Test(arguments: [("abc", true), ("a.b-c", true), ("ab", false), ("UpperCase", false), ("two..dots", false),
                      ("192.168.5.4", false), ("xn--prefix", false), ("ends-s3alias", false), ("-leading", false)])
    func bucketNameRules(_ name: String, _ valid: Bool) {
        #expect(S3BucketName.isValid(name) == valid)
    }
}
