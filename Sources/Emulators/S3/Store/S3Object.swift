import NIOCore

/// One stored object: its bytes and everything S3 returns about it.
///
/// A value: a reader holds its own copy (the body is a copy-on-write `ByteBuffer`), so an overwrite
/// replacing the object in the bucket can never tear a read that is already under way.
public struct S3Object: Sendable {
    /// The object's bytes.
    public var body: ByteBuffer
    /// The ETag with its quotes: the MD5 of the body, or `md5-of-md5s-N` for a multipart object.
    public var etag: String
    /// When it was written, in milliseconds since the epoch (listings show milliseconds, headers seconds).
    public var lastModified: Int
    /// The `Content-Type` given at upload (S3 defaults it to `binary/octet-stream`).
    public var contentType: String
    /// `Content-Encoding`, `Content-Disposition`, `Content-Language`, `Cache-Control`, `Expires`, by lower-case name.
    public var standardHeaders: [String: String]
    /// User metadata (`x-amz-meta-*`), names lower-cased and without the prefix.
    public var metadata: [String: String]
    /// The additional checksums given at upload, base64, returned when the client asks for them.
    public var checksums: [S3ChecksumAlgorithm: String]

    /// The headers kept as given at upload and returned on GET and HEAD.
    public static let standardHeaderNames = ["content-encoding", "content-disposition", "content-language",
                                             "cache-control", "expires"]

    /// The size in bytes.
    public var size: Int { body.readableBytes }

    /// An object with only the given body and ETag; callers fill in the rest.
    public init(body: ByteBuffer, etag: String, lastModified: Int, contentType: String = "binary/octet-stream",
                standardHeaders: [String: String] = [:], metadata: [String: String] = [:],
                checksums: [S3ChecksumAlgorithm: String] = [:]) {
        self.body = body
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.standardHeaders = standardHeaders
        self.metadata = metadata
        self.checksums = checksums
    }
}
