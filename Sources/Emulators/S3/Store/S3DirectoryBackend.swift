import Crypto
import Foundation
import NIOCore

/// Keeps an ``S3Store``'s buckets and objects in a directory, so that they survive a restart.
///
/// Layout: `<root>/<bucket>/.bucket` (the creation time) and `<root>/<bucket>/<sha256(key)>.object`, each
/// object one file holding its attributes (JSON) and then its bytes. Key bytes never reach the file
/// system, so `..`, NUL or a 1,024-byte key cannot escape the bucket or hit a name limit. An object is
/// written to `<root>/.staging/` first and renamed into place only when complete and accepted, so a
/// write that breaks mid-way or is refused leaves nothing visible; staging is emptied at start.
///
/// Only the attributes are held in memory; the bytes are read from the object's file when it is read.
/// Multipart uploads in progress are not persisted: a restart forgets them, as if they were aborted.
final class S3DirectoryBackend: Sendable {
    let root: URL
    private let staging: URL

    /// Opens (creating it if needed) the directory at `path`.
    init(path: String) throws {
        root = URL(fileURLWithPath: path, isDirectory: true)
        staging = root.appendingPathComponent(".staging", isDirectory: true)
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    /// The attributes stored in front of an object's bytes.
    private struct Header: Codable {
        var key: String
        var etag: String
        var lastModified: Int
        var contentType: String
        var standardHeaders: [String: String]
        var metadata: [String: String]
        var checksums: [String: String]
        var partSizes: [Int]?
    }

    private static let magic = Array("SLUICE-S3-OBJECT1\n".utf8)

    /// Every bucket and object found in the directory.
    func load(writeOnceBuckets: Set<String>) throws -> [S3Bucket] {
        let fm = FileManager.default
        var buckets: [S3Bucket] = []
        for name in try fm.contentsOfDirectory(atPath: root.path) where !name.hasPrefix(".") {
            let directory = root.appendingPathComponent(name, isDirectory: true)
            guard let created = try? String(contentsOf: directory.appendingPathComponent(".bucket"), encoding: .utf8),
                  let createdMillis = Int(created.trimmingCharacters())
            else { continue }
            var bucket = S3Bucket(name: name, created: createdMillis, writeOnce: writeOnceBuckets.contains(name))
            for file in try fm.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".object") {
                if let (key, object) = Self.readAttributes(directory.appendingPathComponent(file).path) {
                    bucket.store(object, at: key)
                }
            }
            buckets.append(bucket)
        }
        return buckets
    }

    func createBucket(_ name: String, created: Int) throws(S3Error) {
        let directory = root.appendingPathComponent(name, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(String(created).utf8).write(to: directory.appendingPathComponent(".bucket"), options: .atomic)
        } catch {
            throw .internalError("cannot create the bucket directory: \(error)")
        }
    }

    func deleteBucket(_ name: String) {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(name, isDirectory: true))
    }

    /// Writes `object` to a staging file; nothing is visible until ``commit(_:bucket:key:)``.
    ///
    /// The bytes are `bodyParts` when given (a multipart object's parts, written one after the other so
    /// that the whole object is never assembled in memory), else the object's body.
    func stage(_ object: S3Object, key: String, bodyParts: [ByteBuffer]? = nil) throws(S3Error) -> URL {
        let header = Header(key: key, etag: object.etag, lastModified: object.lastModified, contentType: object.contentType,
                            standardHeaders: object.standardHeaders, metadata: object.metadata,
                            checksums: Dictionary(uniqueKeysWithValues: object.checksums.map { ($0.key.rawValue, $0.value) }),
                            partSizes: object.partSizes.isEmpty ? nil : object.partSizes)
        let url = staging.appendingPathComponent(Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) }))
        do {
            let json = try JSONEncoder().encode(header)
            var prefix = Data(Self.magic)
            var length = UInt32(json.count).bigEndian
            withUnsafeBytes(of: &length) { prefix.append(contentsOf: $0) }
            prefix.append(json)
            guard FileManager.default.createFile(atPath: url.path, contents: prefix) else {
                throw S3Error.internalError("cannot create \(url.path)")
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            for part in bodyParts ?? [object.body] {
                try part.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw .internalError("cannot stage the object: \(error)")
        }
        return url
    }

    /// Renames a staged object into place, atomically replacing any earlier version.
    func commit(_ staged: URL, bucket: String, key: String) throws(S3Error) {
        if rename(staged.path, objectURL(bucket: bucket, key: key).path) != 0 {
            discard(staged)
            throw .internalError("cannot store the object (errno \(errno))")
        }
    }

    /// Drops a staged object that was refused.
    func discard(_ staged: URL) {
        try? FileManager.default.removeItem(at: staged)
    }

    func deleteObject(bucket: String, key: String) {
        try? FileManager.default.removeItem(at: objectURL(bucket: bucket, key: key))
    }

    private func objectURL(bucket: String, key: String) -> URL {
        let name = Hex.encode(SHA256.hash(data: Array(key.utf8))) + ".object"
        return root.appendingPathComponent(bucket, isDirectory: true).appendingPathComponent(name)
    }

    /// Opens the object's file for ``readBody(_:size:)``.
    func openObject(bucket: String, key: String) throws(S3Error) -> Int32 {
        let fd = open(objectURL(bucket: bucket, key: key).path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .internalError("cannot open the object (errno \(errno))") }
        return fd
    }

    /// Reads the last `size` bytes of an opened object file (its body) and closes it.
    func readBody(_ fd: Int32, size: Int) throws(S3Error) -> ByteBuffer {
        defer { close(fd) }
        let end = lseek(fd, 0, SEEK_END)
        guard end >= size, lseek(fd, end - off_t(size), SEEK_SET) >= 0 else { throw .internalError("object file too short") }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(size)
        let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { pointer in
            var done = 0
            while done < size {
                let n = read(fd, pointer.baseAddress! + done, size - done)
                if n <= 0 { break }
                done += n
            }
            return done
        }
        guard count == size else { throw .internalError("object file too short") }
        return buffer
    }

    /// The key and attributes (without the bytes) of one object file.
    private static func readAttributes(_ path: String) -> (String, S3Object)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let prefix = try? handle.read(upToCount: magic.count + 4), prefix.count == magic.count + 4,
              Array(prefix.prefix(magic.count)) == magic
        else { return nil }
        let length = prefix.suffix(4).reduce(0) { $0 << 8 | Int($1) }
        guard let json = try? handle.read(upToCount: length), json.count == length,
              let header = try? JSONDecoder().decode(Header.self, from: json),
              let end = try? handle.seekToEnd()
        else { return nil }
        var checksums: [S3ChecksumAlgorithm: String] = [:]
        for (name, value) in header.checksums { if let a = S3ChecksumAlgorithm(rawValue: name) { checksums[a] = value } }
        var object = S3Object(body: ByteBuffer(), etag: header.etag, lastModified: header.lastModified,
                              contentType: header.contentType, standardHeaders: header.standardHeaders,
                              metadata: header.metadata, checksums: checksums)
        object.size = Int(end) - magic.count - 4 - length
        object.partSizes = header.partSizes ?? []
        return (header.key, object)
    }
}
