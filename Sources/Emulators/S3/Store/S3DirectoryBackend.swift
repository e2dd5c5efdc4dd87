import Contracts
import Crypto
import Foundation
import NIOCore

/// Keeps an ``S3Store``'s buckets and objects in a directory, so that they survive a restart.
///
/// Layout: `<root>/<bucket>/.bucket` (the creation time) and `<root>/<bucket>/<sha256(key)>.object`, each
/// object one file holding its bytes and then its attributes (JSON), their length and a magic line. The
/// attributes come last because an upload's bytes are written as they arrive, before its ETag and
/// checksums are known; files of the first format (attributes in front) are still read. Key bytes never
/// reach the file system, so `..`, NUL or a 1,024-byte key cannot escape the bucket or hit a name limit.
/// An object is written to `<root>/.staging/` first and renamed into place only when complete and
/// accepted, so a write that breaks mid-way or is refused leaves nothing visible; staging is emptied at start.
///
/// Only the attributes are held in memory; the bytes are read from the object's file when it is read.
/// Parts of multipart uploads in progress are files in staging too, so a restart forgets them, as if the
/// uploads were aborted.
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

    /// The attributes stored with an object's bytes.
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

    /// Format 1 starts with this line, then the attributes' length and the attributes, then the bytes.
    private static let magic = Array("SLUICE-S3-OBJECT1\n".utf8)
    /// Format 2 ends with the attributes, their length (4 bytes, big-endian) and this line.
    private static let trailerMagic = Array("SLUICE-S3-OBJECT2\n".utf8)

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

    /// A fresh, unused path in staging.
    func stagingURL() -> URL {
        staging.appendingPathComponent(LowercaseHex.text(of: (0..<16).map { _ in UInt8.random(in: 0...255) }))
    }

    /// Creates a new staging file for writing; returns its path and descriptor.
    func createStagingFile() throws(S3Error) -> (URL, Int32) {
        let url = stagingURL()
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .internalError("cannot create a staging file (errno \(errno))") }
        return (url, fd)
    }

    /// Writes `object` to a staging file; nothing is visible until ``commit(_:bucket:key:)``.
    ///
    /// The bytes are copied from `bodyFiles` when given (a multipart object's parts, one after the other,
    /// a buffer at a time, so that the whole object is never in memory), else taken from the object's body.
    func stage(_ object: S3Object, key: String, bodyFiles: [URL]? = nil) throws(S3Error) -> URL {
        let (url, fd) = try createStagingFile()
        do throws(S3Error) {
            defer { close(fd) }
            if let bodyFiles {
                for file in bodyFiles { try Self.copy(file, to: fd) }
            } else {
                try Self.writeAll(fd, object.body)
            }
            try Self.writeTrailer(object, key: key, to: fd)
        } catch {
            discard(url)
            throw error
        }
        return url
    }

    /// Completes a staging file that already holds the object's bytes (an upload streamed to disk) by
    /// appending its attributes.
    func finishStaged(_ url: URL, object: S3Object, key: String) throws(S3Error) {
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw .internalError("cannot reopen the staged upload (errno \(errno))") }
        defer { close(fd) }
        try Self.writeTrailer(object, key: key, to: fd)
    }

    /// Writes `body` to a new staging file: a multipart part given as a buffer (UploadPartCopy, or an
    /// upload that arrived in memory).
    func stagePart(_ body: ByteBuffer) throws(S3Error) -> URL {
        let (url, fd) = try createStagingFile()
        defer { close(fd) }
        do throws(S3Error) {
            try Self.writeAll(fd, body)
        } catch {
            discard(url)
            throw error
        }
        return url
    }

    /// Moves a streamed upload's file to a new staging name that belongs to a multipart part, so that
    /// the request's own clean-up (which drops its staging file) leaves the part alone.
    func adoptPart(_ url: URL) throws(S3Error) -> URL {
        let target = stagingURL()
        guard rename(url.path, target.path) == 0 else { throw .internalError("cannot keep the part (errno \(errno))") }
        return target
    }

    private static func writeTrailer(_ object: S3Object, key: String, to fd: Int32) throws(S3Error) {
        let header = Header(key: key, etag: object.etag, lastModified: object.lastModified, contentType: object.contentType,
                            standardHeaders: object.standardHeaders, metadata: object.metadata,
                            checksums: Dictionary(uniqueKeysWithValues: object.checksums.map { ($0.key.rawValue, $0.value) }),
                            partSizes: object.partSizes.isEmpty ? nil : object.partSizes)
        guard let json = try? JSONEncoder().encode(header) else { throw .internalError("cannot encode the attributes") }
        var trailer = Array(json)
        let length = UInt32(json.count)
        trailer += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
        trailer += trailerMagic
        let failure = trailer.withUnsafeBytes { bytes -> S3Error? in
            do throws(S3Error) { try writeAll(fd, bytes) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Writes all of `bytes`, retrying short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(S3Error) {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw .internalError("cannot write the object (errno \(errno))")
            }
            done += n
        }
    }

    /// Writes all readable bytes of `buffer`.
    private static func writeAll(_ fd: Int32, _ buffer: ByteBuffer) throws(S3Error) {
        let failure = buffer.withUnsafeReadableBytes { bytes -> S3Error? in
            do throws(S3Error) { try writeAll(fd, bytes) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Appends the whole of file `source` to `fd`, one megabyte at a time.
    private static func copy(_ source: URL, to fd: Int32) throws(S3Error) {
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .internalError("cannot open a part (errno \(errno))") }
        defer { close(input) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .internalError("cannot read a part (errno \(errno))")
            }
            if n == 0 { return }
            let failure = buffer.withUnsafeBytes { bytes -> S3Error? in
                do throws(S3Error) { try writeAll(fd, UnsafeRawBufferPointer(rebasing: bytes[..<n])) } catch { return error }
                return nil
            }
            if let failure { throw failure }
        }
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
        let name = LowercaseHex.text(of: SHA256.hash(data: Array(key.utf8))) + ".object"
        return root.appendingPathComponent(bucket, isDirectory: true).appendingPathComponent(name)
    }

    /// Opens the object's file for ``readBody(_:size:)``.
    func openObject(bucket: String, key: String) throws(S3Error) -> Int32 {
        let fd = open(objectURL(bucket: bucket, key: key).path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .internalError("cannot open the object (errno \(errno))") }
        return fd
    }

    /// Reads the body (`size` bytes) of an opened object file and closes it: the first bytes of a
    /// format 2 file, the last of a format 1 file.
    func readBody(_ fd: Int32, size: Int) throws(S3Error) -> ByteBuffer {
        defer { close(fd) }
        let end = lseek(fd, 0, SEEK_END)
        guard end >= size else { throw .internalError("object file too short") }
        var tail = [UInt8](repeating: 0, count: Self.trailerMagic.count)
        let tailRead = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, end - off_t($0.count)) }
        let start: off_t = tailRead == tail.count && tail == Self.trailerMagic ? 0 : end - off_t(size)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(size)
        let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { pointer in
            var done = 0
            while done < size {
                let n = pread(fd, pointer.baseAddress! + done, size - done, start + off_t(done))
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
        guard let end = try? handle.seekToEnd() else { return nil }
        let header: Header
        let size: Int
        let tailLength = UInt64(trailerMagic.count + 4)
        if end >= tailLength, (try? handle.seek(toOffset: end - tailLength)) != nil,
           let tail = try? handle.read(upToCount: Int(tailLength)), tail.count == Int(tailLength),
           Array(tail.suffix(trailerMagic.count)) == trailerMagic {
            let length = tail.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            guard UInt64(length) + tailLength <= end, (try? handle.seek(toOffset: end - tailLength - UInt64(length))) != nil,
                  let json = try? handle.read(upToCount: length), json.count == length,
                  let decoded = try? JSONDecoder().decode(Header.self, from: json)
            else { return nil }
            header = decoded
            size = Int(end - tailLength) - length
        } else {
            try? handle.seek(toOffset: 0)
            guard let prefix = try? handle.read(upToCount: magic.count + 4), prefix.count == magic.count + 4,
                  Array(prefix.prefix(magic.count)) == magic
            else { return nil }
            let length = prefix.suffix(4).reduce(0) { $0 << 8 | Int($1) }
            guard let json = try? handle.read(upToCount: length), json.count == length,
                  let decoded = try? JSONDecoder().decode(Header.self, from: json)
            else { return nil }
            header = decoded
            size = Int(end) - magic.count - 4 - length
        }
        var checksums: [S3ChecksumAlgorithm: String] = [:]
        for (name, value) in header.checksums { if let a = S3ChecksumAlgorithm(rawValue: name) { checksums[a] = value } }
        var object = S3Object(body: ByteBuffer(), etag: header.etag, lastModified: header.lastModified,
                              contentType: header.contentType, standardHeaders: header.standardHeaders,
                              metadata: header.metadata, checksums: checksums)
        object.size = size
        object.partSizes = header.partSizes ?? []
        return (header.key, object)
    }
}
