import Emulators
import Foundation
import Platform
import Testing

/// Streaming uploads and downloads between files and the S3 emulator, over a real socket: multipart above
/// the threshold, conditional completion, aborts that leave nothing behind, downloads that never leave a
/// partial file.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct S3FileTransferTests {
    private static let access = "platform"
    private static let secret = "platform-secret"

    private func withServer(
        writeOnce: Set<String> = [], _ body: (S3Client, S3Store, URL) throws -> Void
    ) async throws {
        let store = S3Store(writeOnceBuckets: writeOnce)
        let server = try await S3Server.start(store: store, credentials: S3Credentials(users: [Self.access: Self.secret]))
        defer { Task { try? await server.shutdown() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s3-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(
            S3Client(endpoint: S3Endpoint(url: server.endpoint, accessKey: Self.access, secretKey: Self.secret)),
            server.store, folder)
    }

    /// Writes `size` pseudo-random bytes (a fixed seed, so a failure is reproducible) to `url`, 1 MiB at a time.
    private func writeFile(_ url: URL, size: Int, seed: UInt64 = 42) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var state = seed
        var left = size
        while left > 0 {
            let count = min(left, 1 << 20)
            var chunk = [UInt8](repeating: 0, count: count)
            for index in 0..<count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                chunk[index] = UInt8(truncatingIfNeeded: state >> 56)
            }
            try handle.write(contentsOf: chunk)
            left -= count
        }
    }

    @Test func aFortyMebibyteFileRoundTripsThroughMultipart() async throws {
        try await withServer { s3, _, folder in
            try s3.createBucket("big")
            let source = folder.appendingPathComponent("source.bin")
            let copy = folder.appendingPathComponent("copy.bin")
            try writeFile(source, size: 40 * 1024 * 1024)

            let etag = try s3.upload(file: source.path, bucket: "big", key: "data/source.bin", ifAbsent: true)
            let downloaded = try s3.download(bucket: "big", key: "data/source.bin", to: copy.path)

            #expect(etag.hasSuffix("-5"))  // 40 MiB in 8 MiB parts
            #expect(downloaded.size == 40 * 1024 * 1024)
            #expect(downloaded.etag == etag)
            #expect(try Data(contentsOf: copy) == Data(contentsOf: source))
            #expect(try s3.listMultipartUploads(bucket: "big").isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["copy.bin", "source.bin"])
        }
    }

    @Test func aFileBelowTheThresholdGoesInOnePut() async throws {
        try await withServer { s3, _, folder in
            try s3.createBucket("small")
            let source = folder.appendingPathComponent("small.csv")
            try writeFile(source, size: 3 * 1024 * 1024 + 17)

            let etag = try s3.upload(file: source.path, bucket: "small", key: "small.csv", contentType: "text/csv")

            #expect(etag.count == 32 && etag.allSatisfy(\.isHexDigit))  // a single PUT's ETag is the body's MD5
            #expect(try s3.getObject(bucket: "small", key: "small.csv") == Array(Data(contentsOf: source)))
        }
    }

    @Test func anEmptyFileUploadsAndDownloads() async throws {
        try await withServer { s3, _, folder in
            try s3.createBucket("empty")
            let source = folder.appendingPathComponent("empty")
            _ = FileManager.default.createFile(atPath: source.path, contents: Data())
            let copy = folder.appendingPathComponent("copy")

            try s3.upload(file: source.path, bucket: "empty", key: "e")
            let downloaded = try s3.download(bucket: "empty", key: "e", to: copy.path)

            #expect(downloaded.size == 0)
            #expect(try Data(contentsOf: copy).isEmpty)
        }
    }

    @Test func aMissingKeyThrowsNoSuchKeyAndLeavesNoFile() async throws {
        try await withServer { s3, _, folder in
            try s3.createBucket("landing")
            let destination = folder.appendingPathComponent("absent.bin")
            let kept = folder.appendingPathComponent("kept.bin")
            try Data("previous".utf8).write(to: kept)

            let missing = #expect(throws: S3ResponseError.self) {
                try s3.download(bucket: "landing", key: "absent.bin", to: destination.path)
            }
            let overExisting = #expect(throws: S3ResponseError.self) {
                try s3.download(bucket: "landing", key: "absent.bin", to: kept.path)
            }

            #expect(missing?.code == "NoSuchKey")
            #expect(missing?.status == 404)
            #expect(overExisting?.code == "NoSuchKey")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["kept.bin"])
            #expect(try Data(contentsOf: kept) == Data("previous".utf8))
        }
    }

    @Test func multipartIfAbsentRefusesAnExistingKeyAndAbortsTheUpload() async throws {
        try await withServer { s3, store, folder in
            try s3.createBucket("raw")
            try s3.putObject(bucket: "raw", key: "taken.bin", body: [1, 2, 3])
            var client = s3
            client.multipartThreshold = 6 * 1024 * 1024
            client.partSize = 5 * 1024 * 1024
            let source = folder.appendingPathComponent("twelve.bin")
            try writeFile(source, size: 12 * 1024 * 1024)

            let refused = #expect(throws: S3ResponseError.self) {
                try client.upload(file: source.path, bucket: "raw", key: "taken.bin", ifAbsent: true)
            }

            #expect(refused?.code == "PreconditionFailed")
            #expect(refused?.status == 412)
            #expect(try s3.getObject(bucket: "raw", key: "taken.bin") == [1, 2, 3])
            #expect(try s3.listMultipartUploads(bucket: "raw").isEmpty)
            #expect(try store.uploads(bucket: "raw", prefix: "").isEmpty)
        }
    }

    @Test func aMultipartOverwriteOfAWriteOnceBucketLeavesNoUpload() async throws {
        try await withServer(writeOnce: ["raw"]) { s3, store, folder in
            try s3.putObject(bucket: "raw", key: "once.bin", body: [9])
            var client = s3
            client.multipartThreshold = 1
            let source = folder.appendingPathComponent("eleven.bin")
            try writeFile(source, size: 11 * 1024 * 1024)

            let refused = #expect(throws: S3ResponseError.self) {
                try client.upload(file: source.path, bucket: "raw", key: "once.bin")
            }

            #expect(refused?.code == "AccessDenied")
            #expect(try s3.getObject(bucket: "raw", key: "once.bin") == [9])
            #expect(try s3.listMultipartUploads(bucket: "raw").isEmpty)
            #expect(try store.uploads(bucket: "raw", prefix: "").isEmpty)
            // The same file under a new key goes through, in two parts (8 MiB + 3 MiB).
            #expect(try client.upload(file: source.path, bucket: "raw", key: "fresh.bin").hasSuffix("-2"))
        }
    }

    @Test func aSourceThatCannotBeReadMidUploadLeavesNoUpload() async throws {
        try await withServer { s3, store, folder in
            try s3.createBucket("landing")
            // A directory has a size but no readable bytes: the upload is begun, then its first part fails.
            let unreadable = folder.appendingPathComponent("not-a-file")
            try FileManager.default.createDirectory(at: unreadable, withIntermediateDirectories: false)
            _ = FileManager.default.createFile(atPath: unreadable.appendingPathComponent("inside").path, contents: Data())
            let size = try FileManager.default.attributesOfItem(atPath: unreadable.path)[.size] as? NSNumber
            try #require((size?.intValue ?? 0) > 0)
            var client = s3
            client.multipartThreshold = 1

            #expect(throws: (any Error).self) {
                try client.upload(file: unreadable.path, bucket: "landing", key: "k")
            }
            #expect(try s3.listAllObjects(bucket: "landing").isEmpty)
            #expect(try s3.listMultipartUploads(bucket: "landing").isEmpty)
            #expect(try store.uploads(bucket: "landing", prefix: "").isEmpty)
        }
    }

    @Test func aMissingSourceFileFailsBeforeAnythingIsSent() async throws {
        try await withServer { s3, _, folder in
            try s3.createBucket("landing")

            #expect(throws: (any Error).self) {
                try s3.upload(file: folder.appendingPathComponent("nope").path, bucket: "landing", key: "k")
            }
            #expect(try s3.listAllObjects(bucket: "landing").isEmpty)
            #expect(try s3.listMultipartUploads(bucket: "landing").isEmpty)
        }
    }
}
