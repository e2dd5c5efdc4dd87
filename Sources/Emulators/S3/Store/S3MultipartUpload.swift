import Foundation
import NIOCore

/// A multipart upload in progress: the object's future attributes (from CreateMultipartUpload) and
/// the parts received so far. Nothing of it is visible as an object until it is completed.
public struct S3MultipartUpload: Sendable {
    /// One uploaded part.
    public struct Part: Sendable {
        /// The part's bytes, in memory; empty in the directory backend, which keeps them in ``file``.
        public var body: ByteBuffer
        /// The part's size in bytes.
        public var size: Int
        /// The staging file holding the part's bytes, in the directory backend.
        var file: URL?
        /// The part's ETag with quotes: the MD5 of its bytes.
        public var etag: String
        /// The raw MD5, kept to compute the whole object's ETag.
        public var md5: [UInt8]
        /// When the part was uploaded.
        public var lastModified: Int
    }

    /// The opaque id clients quote in every later call.
    public let uploadID: String
    /// The key the object will have.
    public let key: String
    /// When the upload was created.
    public let initiated: Int
    /// Content type, standard headers and metadata the completed object gets; body and ETag are replaced.
    public var template: S3Object
    /// Parts by number; a part uploaded again replaces the earlier one.
    public var parts: [Int: Part] = [:]
}
