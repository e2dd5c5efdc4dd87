import Contracts
import Crypto
import Dispatch
import Foundation
import NIOCore

/// An upload body written to a staging file of the directory backend, with its digests.
struct S3StagedBody: Sendable {
    /// The staging file holding exactly the body's bytes (no attributes yet).
    let url: URL
    let size: Int
    let md5: [UInt8]
    /// Nil unless the sink was asked for it (only a signed payload needs it).
    let sha256Hex: String?
    /// The checksums the sink was asked for, base64.
    let checksums: [S3ChecksumAlgorithm: String]
    /// The trailers of an aws-chunked body, by lower-case name.
    let trailers: [String: String]

    /// The checksum of the staged bytes: the one computed on the way when it was asked for, else read
    /// back from the file (a trailer naming an algorithm the head did not announce).
    func checksum(_ algorithm: S3ChecksumAlgorithm) -> String? {
        if let known = checksums[algorithm] { return known }
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = S3ChecksumHasher(algorithm)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var remaining = size
        while remaining > 0 {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, min($0.count, remaining)) }
            guard n > 0 else { return nil }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            remaining -= n
        }
        return hasher.base64
    }
}

/// Writes a request body to a staging file as it arrives, hashing it on the way, so that an upload of
/// any size costs a few buffers of memory instead of its whole size. An aws-chunked body is decoded on
/// the way (``AWSChunkedStreamDecoder``, chunk signatures checked as each chunk completes) and only its
/// payload is written.
///
/// Writes and hashing run on the sink's own serial queue, off the event loop, in the order the chunks
/// were given; each chunk's completion tells the channel handler that its bytes are on disk, which is
/// how the handler knows when to read from the socket again. A failed write is remembered and reported
/// by ``finish(_:)``; later chunks are dropped. Nothing is visible to readers: the store renames the
/// file into place only once the body has been verified.
final class S3UploadSink: @unchecked Sendable {
    // @unchecked: every mutable member below is touched only on `queue`.
    private let queue = DispatchQueue(label: "sluice.s3.upload")
    private let url: URL
    private var fd: Int32
    private var size = 0
    private var md5 = Insecure.MD5()
    private var sha256: SHA256?
    private var hashers: [(S3ChecksumAlgorithm, S3ChecksumHasher)]
    private var failure: S3Error?
    private var decoder: AWSChunkedStreamDecoder?

    /// A sink writing to the open staging file `fd` at `url`; `decoder` when the body is aws-chunked.
    init(url: URL, fd: Int32, sha256: Bool, checksums: [S3ChecksumAlgorithm], decoder: AWSChunkedStreamDecoder?) {
        self.url = url
        self.fd = fd
        self.decoder = decoder
        self.sha256 = sha256 ? SHA256() : nil
        self.hashers = checksums.map { ($0, S3ChecksumHasher($0)) }
    }

    /// Appends `chunk`; `written` runs (on the sink's queue) once it is on disk or dropped.
    func write(_ chunk: ByteBuffer, written: @escaping @Sendable () -> Void) {
        queue.async {
            defer { written() }
            guard self.failure == nil, self.fd >= 0 else { return }
            do throws(S3Error) {
                if var decoder = self.decoder {
                    defer { self.decoder = decoder }
                    try decoder.feed(chunk) { (payload) throws(S3Error) in try self.append(payload) }
                } else {
                    try self.append(chunk)
                }
            } catch {
                self.failure = error
            }
        }
    }

    /// Writes and hashes payload bytes (on `queue`).
    private func append(_ payload: ByteBuffer) throws(S3Error) {
        let failure = payload.withUnsafeReadableBytes { bytes -> S3Error? in
            do throws(S3Error) {
                try S3DirectoryBackend.writeAll(fd, bytes)
            } catch {
                return error
            }
            size += bytes.count
            md5.update(bufferPointer: bytes)
            sha256?.update(bufferPointer: bytes)
            for index in hashers.indices { hashers[index].1.update(bytes) }
            return nil
        }
        if let failure { throw failure }
    }

    /// Closes the file once every chunk given so far is written, and reports the body or the first
    /// write error (the file is removed then).
    func finish(_ completion: @escaping @Sendable (Result<S3StagedBody, S3Error>) -> Void) {
        queue.async {
            self.closeFile()
            if self.failure == nil, var decoder = self.decoder {
                do throws(S3Error) { try decoder.finish() } catch { self.failure = error }
                self.decoder = decoder
            }
            if let failure = self.failure {
                unlink(self.url.path)
                completion(.failure(failure))
                return
            }
            var checksums: [S3ChecksumAlgorithm: String] = [:]
            for (algorithm, hasher) in self.hashers { checksums[algorithm] = hasher.base64 }
            completion(.success(S3StagedBody(url: self.url, size: self.size, md5: Array(self.md5.finalize()),
                                             sha256Hex: self.sha256.map { LowercaseHex.text(of: $0.finalize()) },
                                             checksums: checksums, trailers: self.decoder?.trailers ?? [:])))
        }
    }

    /// Drops the upload (client gone, body too large): closes and removes the file.
    func abandon() {
        queue.async {
            self.closeFile()
            unlink(self.url.path)
        }
    }

    private func closeFile() {
        if fd >= 0 { close(fd) }
        fd = -1
    }
}
