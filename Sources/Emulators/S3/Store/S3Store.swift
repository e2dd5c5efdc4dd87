import Contracts
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Synchronization

/// The emulated service's model: buckets, objects and multipart uploads, one per server: in memory, or
/// also kept in a directory (see ``S3DirectoryBackend``) so that it survives a restart.
///
/// The HTTP side parses requests and calls these methods; the store knows nothing about HTTP. Every
/// method is atomic under one lock, so a conditional write (`If-None-Match: *`, write-once) checks and
/// stores in one step, and a reader gets either the old object or the new one, never a mix. Bodies are
/// copy-on-write buffers, so holding the lock never means copying an object.
public final class S3Store: Sendable {
    private struct State {
        var buckets: [String: S3Bucket] = [:]
    }

    private let state = Mutex(State())
    /// Buckets that are write-once whenever they exist (created at start, and again if re-created).
    public let writeOnceBuckets: Set<String>
    private let clock: @Sendable () -> Int
    private let backend: S3DirectoryBackend?

    /// An in-memory store with the write-once buckets already created.
    ///
    /// - Parameters:
    ///   - writeOnceBuckets: names of buckets that refuse to overwrite or delete an existing key.
    ///   - clock: the current time in milliseconds since the epoch; tests pass a fixed one.
    public init(writeOnceBuckets: Set<String> = [], clock: @escaping @Sendable () -> Int = S3Store.systemClock) {
        self.writeOnceBuckets = writeOnceBuckets
        self.clock = clock
        self.backend = nil
        let now = clock()
        state.withLock { state in
            for name in writeOnceBuckets {
                state.buckets[name] = S3Bucket(name: name, created: now, writeOnce: true)
            }
        }
    }

    /// A store kept in the directory at `path` (created if missing), loaded with what an earlier run left there.
    public init(directory path: String, writeOnceBuckets: Set<String> = [],
                clock: @escaping @Sendable () -> Int = S3Store.systemClock) throws {
        let backend = try S3DirectoryBackend(path: path)
        self.writeOnceBuckets = writeOnceBuckets
        self.clock = clock
        self.backend = backend
        var buckets: [String: S3Bucket] = [:]
        for bucket in try backend.load(writeOnceBuckets: writeOnceBuckets) { buckets[bucket.name] = bucket }
        let now = clock()
        for name in writeOnceBuckets where buckets[name] == nil {
            try backend.createBucket(name, created: now)
            buckets[name] = S3Bucket(name: name, created: now, writeOnce: true)
        }
        state.withLock { $0.buckets = buckets }
    }

    /// The wall clock in milliseconds since the epoch.
    public static let systemClock: @Sendable () -> Int = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int(ts.tv_sec) * 1000 + Int(ts.tv_nsec) / 1_000_000
    }

    /// The current time as the store sees it, in milliseconds since the epoch.
    public var now: Int { clock() }

    // MARK: buckets

    /// All buckets, by name, with their creation times.
    public func listBuckets() -> [(name: String, created: Int)] {
        state.withLock { state in
            state.buckets.values.map { ($0.name, $0.created) }.sorted { $0.name < $1.name }
        }
    }

    /// Creates a bucket; `BucketAlreadyOwnedByYou` when it exists (there is one owner).
    public func createBucket(_ name: String) throws(S3Error) {
        let now = clock()
        try state.withLock { (state) throws(S3Error) in
            guard state.buckets[name] == nil else { throw .bucketAlreadyOwnedByYou(name) }
            try backend?.createBucket(name, created: now)
            state.buckets[name] = S3Bucket(name: name, created: now, writeOnce: writeOnceBuckets.contains(name))
        }
    }

    /// Throws `NoSuchBucket` unless the bucket exists.
    public func headBucket(_ name: String) throws(S3Error) {
        try state.withLock { (state) throws(S3Error) in
            guard state.buckets[name] != nil else { throw .noSuchBucket(name) }
        }
    }

    /// Deletes an empty bucket; `BucketNotEmpty` while it holds objects.
    public func deleteBucket(_ name: String) throws(S3Error) {
        try state.withLock { (state) throws(S3Error) in
            guard let bucket = state.buckets[name] else { throw .noSuchBucket(name) }
            guard bucket.objects.isEmpty else { throw .bucketNotEmpty(name) }
            discardParts(bucket.uploads.values.flatMap(\.parts.values))
            backend?.deleteBucket(name)
            state.buckets[name] = nil
        }
    }

    // MARK: objects

    /// The object at `key`, or `NoSuchBucket` / `NoSuchKey`.
    ///
    /// - Parameter withBody: false for the attributes only (HeadObject, conditions): the directory
    ///   backend then does not read the object's bytes, and `size` is still set.
    public func object(bucket: String, key: String, withBody: Bool = true) throws(S3Error) -> S3Object {
        let (object, file) = try state.withLock { (state) throws(S3Error) -> (S3Object, Int32?) in
            guard let b = state.buckets[bucket] else { throw .noSuchBucket(bucket) }
            guard let object = b.objects[key] else { throw .noSuchKey(key) }
            guard withBody else { return (object, nil) }
            // Opened under the lock: a later overwrite renames a new file into place, and this
            // descriptor keeps reading the version whose attributes were just taken.
            return (object, try backend?.openObject(bucket: bucket, key: key))
        }
        guard let backend, let file else { return object }
        var loaded = object
        loaded.body = try backend.readBody(file, size: object.size)
        return loaded
    }

    /// Stores `object` at `key` after `precondition` accepted the current object (nil when absent), all
    /// under the lock. A write-once bucket refuses when the key exists.
    public func putObject(
        _ object: S3Object, bucket: String, key: String,
        precondition: (S3Object?) throws(S3Error) -> Void = { _ throws(S3Error) in }
    ) throws(S3Error) {
        try putObject(object, bucket: bucket, key: key, staged: nil, precondition: precondition)
    }

    /// ``putObject(_:bucket:key:precondition:)`` for a body already streamed to a staging file of the
    /// directory backend (`staged`), which is completed and renamed into place instead of written anew.
    func putObject(
        _ object: S3Object, bucket: String, key: String, staged body: S3StagedBody?,
        precondition: (S3Object?) throws(S3Error) -> Void
    ) throws(S3Error) {
        var staged: URL?
        if let backend {
            if let body {
                try backend.finishStaged(body.url, object: object, key: key)
                staged = body.url
            } else {
                staged = try backend.stage(object, key: key)
            }
        }
        do throws(S3Error) {
            try state.withLock { (state) throws(S3Error) in
                guard var b = state.buckets[bucket] else { throw .noSuchBucket(bucket) }
                let existing = b.objects[key]
                try precondition(existing)
                if b.writeOnce, existing != nil { throw .writeOnce(key) }
                if let staged { try backend?.commit(staged, bucket: bucket, key: key) }
                state.buckets[bucket] = nil  // keep the bucket uniquely referenced while it is changed
                b.store(staged == nil ? object : object.withoutBody(), at: key)
                state.buckets[bucket] = b
            }
        } catch {
            if let staged { backend?.discard(staged) }
            throw error
        }
    }

    /// Whether uploads are streamed to staging files (the directory backend) rather than collected in memory.
    var streamsUploads: Bool { backend != nil }

    /// A sink that streams an upload's body to a staging file, or nil for an in-memory store (which
    /// collects bodies in memory).
    func makeUploadSink(sha256: Bool, checksums: [S3ChecksumAlgorithm], decoder: AWSChunkedStreamDecoder?)
        throws(S3Error) -> S3UploadSink?
    {
        guard let backend else { return nil }
        let (url, fd) = try backend.createStagingFile()
        return S3UploadSink(url: url, fd: fd, sha256: sha256, checksums: checksums, decoder: decoder)
    }

    /// Removes what is left of a streamed upload's staging file (nothing, once the store took it).
    func discardStaged(_ body: S3StagedBody) {
        backend?.discard(body.url)
    }

    /// Removes the files of parts that are no longer referenced.
    private func discardParts(_ parts: some Sequence<S3MultipartUpload.Part>) {
        guard let backend else { return }
        for part in parts { if let file = part.file { backend.discard(file) } }
    }

    /// Deletes `key`; deleting a missing key succeeds, as in S3. A write-once bucket refuses when it exists.
    public func deleteObject(bucket: String, key: String) throws(S3Error) {
        try state.withLock { (state) throws(S3Error) in
            guard var b = state.buckets[bucket] else { throw .noSuchBucket(bucket) }
            guard b.objects[key] != nil else { return }
            if b.writeOnce { throw .writeOnce(key) }
            backend?.deleteObject(bucket: bucket, key: key)
            state.buckets[bucket] = nil
            b.remove(key)
            state.buckets[bucket] = b
        }
    }

    /// One page of the bucket's keys; see ``S3Listing``.
    public func list(bucket: String, prefix: String, delimiter: String?, after: String?, maxKeys: Int) throws(S3Error)
        -> S3Listing
    {
        let (keys, objects) = try state.withLock { (state) throws(S3Error) in
            guard var b = state.buckets[bucket] else { throw .noSuchBucket(bucket) }
            state.buckets[bucket] = nil
            let keys = b.sortedKeys()
            let objects = b.objects
            state.buckets[bucket] = b
            return (keys, objects)
        }
        return S3Listing.page(keys: keys, objects: objects, prefix: prefix, delimiter: delimiter, after: after,
                              maxKeys: maxKeys)
    }

    // MARK: multipart

    /// Starts a multipart upload whose object will carry `template`'s attributes; returns the upload id.
    public func createMultipartUpload(bucket: String, key: String, template: S3Object) throws(S3Error) -> String {
        let id = LowercaseHex.text(of: (0..<16).map { _ in UInt8.random(in: 0...255) })
        let now = clock()
        try state.withLock { (state) throws(S3Error) in
            guard state.buckets[bucket] != nil else { throw .noSuchBucket(bucket) }
            state.buckets[bucket]!.uploads[id] = S3MultipartUpload(uploadID: id, key: key, initiated: now, template: template)
        }
        return id
    }

    /// Stores part `number` of an upload, replacing an earlier one with that number; returns its ETag.
    public func uploadPart(bucket: String, key: String, uploadID: String, number: Int, body: ByteBuffer)
        throws(S3Error) -> String
    {
        try uploadPart(bucket: bucket, key: key, uploadID: uploadID, number: number, body: body, staged: nil)
    }

    /// ``uploadPart(bucket:key:uploadID:number:body:)`` for a part already streamed to a staging file
    /// (`staged`), which becomes the part's file. The directory backend keeps every part in a file.
    func uploadPart(bucket: String, key: String, uploadID: String, number: Int, body: ByteBuffer, staged: S3StagedBody?)
        throws(S3Error) -> String
    {
        let md5 = staged?.md5 ?? body.md5
        var part = S3MultipartUpload.Part(body: backend == nil ? body : ByteBuffer(), size: staged?.size ?? body.readableBytes,
                                          file: nil, etag: "\"\(LowercaseHex.text(of: md5))\"", md5: md5, lastModified: clock())
        if let backend {
            if let staged {
                part.file = try backend.adoptPart(staged.url)
            } else {
                part.file = try backend.stagePart(body)
            }
        }
        let finished = part
        do throws(S3Error) {
            let replaced = try state.withLock { (state) throws(S3Error) -> S3MultipartUpload.Part? in
                guard state.buckets[bucket] != nil else { throw .noSuchBucket(bucket) }
                guard state.buckets[bucket]!.uploads[uploadID]?.key == key else { throw .noSuchUpload }
                return state.buckets[bucket]!.uploads[uploadID]!.parts.updateValue(finished, forKey: number)
            }
            if let replaced { discardParts([replaced]) }
        } catch {
            discardParts([finished])
            throw error
        }
        return part.etag
    }

    /// The upload, for ListParts.
    public func upload(bucket: String, key: String, uploadID: String) throws(S3Error) -> S3MultipartUpload {
        try state.withLock { (state) throws(S3Error) in
            guard let b = state.buckets[bucket] else { throw .noSuchBucket(bucket) }
            guard let upload = b.uploads[uploadID], upload.key == key else { throw .noSuchUpload }
            return upload
        }
    }

    /// The uploads in progress whose key starts with `prefix`, ordered by key then initiation.
    public func uploads(bucket: String, prefix: String) throws(S3Error) -> [S3MultipartUpload] {
        try state.withLock { (state) throws(S3Error) in
            guard let b = state.buckets[bucket] else { throw .noSuchBucket(bucket) }
            return b.uploads.values.filter { $0.key.hasPrefix(prefix) }.sorted {
                $0.key == $1.key ? $0.initiated < $1.initiated : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
            }
        }
    }

    /// Drops an upload and its parts.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) throws(S3Error) {
        try state.withLock { (state) throws(S3Error) in
            guard state.buckets[bucket] != nil else { throw .noSuchBucket(bucket) }
            guard let upload = state.buckets[bucket]!.uploads[uploadID], upload.key == key else { throw .noSuchUpload }
            state.buckets[bucket]!.uploads[uploadID] = nil
            discardParts(upload.parts.values)
        }
    }

    /// The smallest size of every part but the last, as S3 enforces it at completion.
    public static let minimumPartSize = 5 * 1024 * 1024

    /// Completes an upload from the listed `(part number, ETag)` pairs: they must ascend, exist with those
    /// ETags, and all but the last be at least 5 MiB. The object appears in one step, replacing any
    /// earlier one; the upload is gone afterwards.
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [(number: Int, etag: String)])
        throws(S3Error) -> S3Object
    {
        let upload = try self.upload(bucket: bucket, key: key, uploadID: uploadID)
        guard !parts.isEmpty else { throw .malformedXML }
        var previous = 0
        var chosen = [S3MultipartUpload.Part]()
        for (number, etag) in parts {
            guard number > previous else { throw .invalidPartOrder }
            previous = number
            guard let part = upload.parts[number], Self.unquoted(part.etag) == Self.unquoted(etag) else { throw .invalidPart }
            chosen.append(part)
        }
        for part in chosen.dropLast() where part.size < Self.minimumPartSize {
            throw .entityTooSmall
        }
        let md5OfMD5s = Insecure.MD5.hash(data: chosen.flatMap(\.md5))
        var object = upload.template
        if backend == nil {
            var body = ByteBuffer()
            body.reserveCapacity(chosen.reduce(0) { $0 + $1.body.readableBytes })
            for part in chosen { body.writeImmutableBuffer(part.body) }
            object.body = body
        }
        object.etag = "\"\(LowercaseHex.text(of: md5OfMD5s))-\(chosen.count)\""
        object.lastModified = clock()
        object.checksums = [:]
        object.partSizes = chosen.map(\.size)
        object.size = object.partSizes.reduce(0, +)
        let finished = object
        let staged = try backend?.stage(finished, key: key, bodyFiles: chosen.compactMap(\.file))
        do throws(S3Error) {
            try state.withLock { (state) throws(S3Error) in
                guard var b = state.buckets[bucket] else { throw .noSuchBucket(bucket) }
                guard b.uploads[uploadID] != nil else { throw .noSuchUpload }
                if b.writeOnce, b.objects[key] != nil { throw .writeOnce(key) }
                if let staged { try backend?.commit(staged, bucket: bucket, key: key) }
                state.buckets[bucket] = nil
                discardParts(b.uploads[uploadID]!.parts.values)
                b.uploads[uploadID] = nil
                b.store(backend == nil ? finished : finished.withoutBody(), at: key)
                state.buckets[bucket] = b
            }
        } catch {
            if let staged { backend?.discard(staged) }
            throw error
        }
        return finished
    }

    private static func unquoted(_ etag: String) -> Substring {
        var s = Substring(etag)
        if s.hasPrefix("\"") { s = s.dropFirst() }
        if s.hasSuffix("\"") { s = s.dropLast() }
        return s
    }
}
