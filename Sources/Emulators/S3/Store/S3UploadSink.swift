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
}

/// Writes a request body to a staging file as it arrives, hashing it on the way, so that an upload of
/// any size costs a few buffers of memory instead of its whole size.
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

    /// A sink writing to the open staging file `fd` at `url`.
    init(url: URL, fd: Int32, sha256: Bool, checksums: [S3ChecksumAlgorithm]) {
        self.url = url
        self.fd = fd
        self.sha256 = sha256 ? SHA256() : nil
        self.hashers = checksums.map { ($0, S3ChecksumHasher($0)) }
    }

    /// Appends `chunk`; `written` runs (on the sink's queue) once it is on disk or dropped.
    func write(_ chunk: ByteBuffer, written: @escaping @Sendable () -> Void) {
        queue.async {
            defer { written() }
            guard self.failure == nil, self.fd >= 0 else { return }
            chunk.withUnsafeReadableBytes { bytes in
                do throws(S3Error) {
                    try S3DirectoryBackend.writeAll(self.fd, bytes)
                } catch {
                    self.failure = error
                    return
                }
                self.size += bytes.count
                self.md5.update(bufferPointer: bytes)
                self.sha256?.update(bufferPointer: bytes)
                for index in self.hashers.indices { self.hashers[index].1.update(bytes) }
            }
        }
    }

    /// Closes the file once every chunk given so far is written, and reports the body or the first
    /// write error (the file is removed then).
    func finish(_ completion: @escaping @Sendable (Result<S3StagedBody, S3Error>) -> Void) {
        queue.async {
            self.closeFile()
            if let failure = self.failure {
                unlink(self.url.path)
                completion(.failure(failure))
                return
            }
            var checksums: [S3ChecksumAlgorithm: String] = [:]
            for (algorithm, hasher) in self.hashers { checksums[algorithm] = hasher.base64 }
            completion(.success(S3StagedBody(url: self.url, size: self.size, md5: Array(self.md5.finalize()),
                                             sha256Hex: self.sha256.map { Hex.encode($0.finalize()) },
                                             checksums: checksums)))
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
