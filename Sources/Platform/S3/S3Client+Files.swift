import Contracts
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A multipart upload the server holds open: begun, not yet completed or aborted.
public struct S3MultipartUploadSummary: Sendable, Equatable {
    /// The key the upload will create.
    public let key: String
    /// The server's id for the upload.
    public let uploadID: String
}

extension S3Client {
    /// Uploads the file at `path` to `key` without reading it into memory whole, and returns the ETag.
    ///
    /// Below ``multipartThreshold`` the file goes in one PUT streamed from disk. From the threshold on it
    /// goes in parts of ``partSize`` (at least 5 MiB), each streamed from its range of the file and signed
    /// with its own SHA-256; the ETag then ends in `-<part count>`. Any failure aborts the upload, so no
    /// half-written upload is left on the server to hold storage.
    ///
    /// With `ifAbsent`, an existing key refuses the write with `PreconditionFailed` (`If-None-Match: *`,
    /// sent on the PUT or on CompleteMultipartUpload, where S3 decides conditional multipart writes).
    ///
    /// The file is read twice per part (once for the hash that is signed, once to send), so it must not change
    /// during the upload; if it does, the server refuses the part for its content hash and the upload aborts.
    @discardableResult
    public func upload(
        file path: String, bucket: String, key: String, contentType: String = "application/octet-stream",
        ifAbsent: Bool = false
    ) throws -> String {
        let size = try Self.fileSize(path)
        if size < Int64(multipartThreshold) || size == 0 {  // an empty file has no part to send
            var headers = [("Content-Type", contentType)]
            if ifAbsent { headers.append(("If-None-Match", "*")) }
            let body = HTTPFileBody(path: path, length: size)
            let response = try send(
                "PUT", bucket: bucket, key: key, headers: headers, file: (body, try Self.sha256(of: body)))
            try expectSuccess(response, bucket: bucket, key: key)
            return Self.unquoted(response.header("ETag") ?? "")
        }

        let created = try send(
            "POST", bucket: bucket, key: key, query: [("uploads", "")], headers: [("Content-Type", contentType)])
        try expectSuccess(created, bucket: bucket, key: key)
        guard let uploadID = S3XML(created.body).first("UploadId"), !uploadID.isEmpty else {
            throw S3ResponseError(response: created, resource: "\(bucket)/\(key)")
        }
        do {
            let partSize = Int64(max(self.partSize, Self.minimumPartSize))
            var etags: [String] = []
            var offset: Int64 = 0
            while offset < size {
                let body = HTTPFileBody(path: path, offset: offset, length: min(partSize, size - offset))
                let number = etags.count + 1
                let response = try send(
                    "PUT", bucket: bucket, key: key, query: [("partNumber", "\(number)"), ("uploadId", uploadID)],
                    file: (body, try Self.sha256(of: body)))
                try expectSuccess(response, bucket: bucket, key: key)
                guard let etag = response.header("ETag"), !etag.isEmpty else {
                    throw S3ResponseError(response: response, resource: "\(bucket)/\(key) part \(number)")
                }
                etags.append(etag)
                offset += body.length
            }
            var document = "<CompleteMultipartUpload>"
            for (index, etag) in etags.enumerated() {
                document += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(Self.escapeXML(etag))</ETag></Part>"
            }
            document += "</CompleteMultipartUpload>"
            var headers = [("Content-Type", "application/xml")]
            if ifAbsent { headers.append(("If-None-Match", "*")) }
            let response = try send(
                "POST", bucket: bucket, key: key, query: [("uploadId", uploadID)], headers: headers,
                body: Array(document.utf8))
            try expectSuccess(response, bucket: bucket, key: key)
            // CompleteMultipartUpload can fail after its 200 status line; the error then arrives in the body.
            let result = S3XML(response.body)
            if result.first("Code") != nil {
                throw S3ResponseError(response: response, resource: "\(bucket)/\(key)")
            }
            return Self.unquoted(result.first("ETag") ?? response.header("ETag") ?? "")
        } catch {
            // Best effort: the original failure is what the caller needs; an abort that fails too (the server
            // is gone) leaves the upload to the bucket's lifecycle rules, which is all that can be done.
            _ = try? send("DELETE", bucket: bucket, key: key, query: [("uploadId", uploadID)])
            throw error
        }
    }

    /// Downloads `key` into the file at `path` as it arrives, never holding the object in memory, and
    /// returns its size and ETag.
    ///
    /// The bytes go to a temporary file beside `path` that is renamed over it only once the whole body
    /// arrived, so `path` is either the complete object or untouched, never a partial download; on any
    /// failure (an S3 error such as `NoSuchKey`, a cut connection) the temporary file is removed.
    @discardableResult
    public func download(bucket: String, key: String, to path: String) throws -> S3ObjectSummary {
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).part").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        let response: HTTPResponse
        do {
            defer { _ = close(descriptor) }
            response = try send("GET", bucket: bucket, key: key, downloadTo: descriptor)
            try expectSuccess(response, bucket: bucket, key: key)
            // The object must be on disk before its name is, or a crash could leave a renamed, empty file.
            guard fsync(descriptor) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
            }
        }
        let size = try Self.fileSize(temporary)
        if let expected = response.header("Content-Length").flatMap(Int64.init), expected != size {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        renamed = true
        return S3ObjectSummary(key: key, size: Int(size), etag: Self.unquoted(response.header("ETag") ?? ""))
    }

    /// The multipart uploads open under `prefix` (ListMultipartUploads, first 1,000): what an aborted
    /// or crashed upload would leave behind.
    public func listMultipartUploads(bucket: String, prefix: String = "") throws -> [S3MultipartUploadSummary] {
        let response = try send("GET", bucket: bucket, query: [("uploads", ""), ("prefix", prefix)])
        try expectSuccess(response, bucket: bucket)
        return S3XML(response.body).children("Upload").map {
            S3MultipartUploadSummary(key: $0.first("Key") ?? "", uploadID: $0.first("UploadId") ?? "")
        }
    }

    /// S3's smallest part but the last.
    static let minimumPartSize = 5 * 1024 * 1024

    private static func fileSize(_ path: String) throws -> Int64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// The SHA-256 of a file range, read 1 MiB at a time: SigV4 signs the payload hash before the body is sent.
    private static func sha256(of body: HTTPFileBody) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: body.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: body.path])
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(body.offset))
        var hasher = SHA256()
        var remaining = body.length
        while remaining > 0 {
            guard let chunk = try handle.read(upToCount: Int(min(remaining, 1 << 20))), !chunk.isEmpty else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: body.path])
            }
            hasher.update(data: chunk)
            remaining -= Int64(chunk.count)
        }
        return LowercaseHex.text(of: hasher.finalize())
    }

    private static func escapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
