import NIOHTTP1

/// An S3 error as the service reports it: the wire code (`NoSuchKey`), a message, the HTTP status and
/// the resource it concerns. It renders itself as AWS's XML error body (see ``S3Response/error(_:requestID:includeBody:)``),
/// so every client library maps it to the same exception it gets from real S3.
///
/// A struct with static members rather than an enum, so that new codes can be added without breaking callers.
public struct S3Error: Error, Sendable, Equatable {
    /// The S3 error code, such as `NoSuchBucket`.
    public let code: String
    /// The human-readable message.
    public let message: String
    /// The HTTP status S3 answers this error with.
    public let status: HTTPResponseStatus
    /// The bucket the error concerns, rendered as `<BucketName>`.
    public var bucket: String?
    /// The key the error concerns, rendered as `<Key>`.
    public var key: String?

    init(_ code: String, _ status: HTTPResponseStatus, _ message: String, bucket: String? = nil, key: String? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.bucket = bucket
        self.key = key
    }

    // MARK: authentication

    static func accessDenied(_ message: String = "Access Denied") -> S3Error {
        S3Error("AccessDenied", .forbidden, message)
    }
    static let signatureDoesNotMatch = S3Error(
        "SignatureDoesNotMatch", .forbidden,
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
    static let invalidAccessKeyId = S3Error(
        "InvalidAccessKeyId", .forbidden, "The AWS Access Key Id you provided does not exist in our records.")
    static let requestTimeTooSkewed = S3Error(
        "RequestTimeTooSkewed", .forbidden, "The difference between the request time and the current time is too large.")
    static let contentSHA256Mismatch = S3Error(
        "XAmzContentSHA256Mismatch", .badRequest, "The provided 'x-amz-content-sha256' header does not match what was computed.")
    static func authorizationHeaderMalformed(_ message: String) -> S3Error {
        S3Error("AuthorizationHeaderMalformed", .badRequest, message)
    }
    static func authorizationQueryParametersError(_ message: String) -> S3Error {
        S3Error("AuthorizationQueryParametersError", .badRequest, message)
    }
    static let expiredPresignedURL = S3Error("AccessDenied", .forbidden, "Request has expired")

    // MARK: requests

    static func invalidRequest(_ message: String) -> S3Error { S3Error("InvalidRequest", .badRequest, message) }
    static func invalidArgument(_ message: String) -> S3Error { S3Error("InvalidArgument", .badRequest, message) }
    static let malformedXML = S3Error(
        "MalformedXML", .badRequest, "The XML you provided was not well-formed or did not validate against our published schema.")
    static func notImplemented(_ what: String) -> S3Error {
        S3Error("NotImplemented", .notImplemented, "A header or query you provided implies functionality that is not implemented: \(what)")
    }
    static let methodNotAllowed = S3Error(
        "MethodNotAllowed", .methodNotAllowed, "The specified method is not allowed against this resource.")
    static let missingContentLength = S3Error(
        "MissingContentLength", .lengthRequired, "You must provide the Content-Length HTTP header.")
    static let incompleteBody = S3Error(
        "IncompleteBody", .badRequest, "You did not provide the number of bytes specified by the Content-Length HTTP header.")
    static let keyTooLong = S3Error("KeyTooLongError", .badRequest, "Your key is too long")
    static let entityTooLarge = S3Error(
        "EntityTooLarge", .payloadTooLarge, "Your proposed upload exceeds the maximum allowed object size.")

    // MARK: buckets and objects

    static func noSuchBucket(_ bucket: String) -> S3Error {
        S3Error("NoSuchBucket", .notFound, "The specified bucket does not exist", bucket: bucket)
    }
    static func noSuchKey(_ key: String) -> S3Error {
        S3Error("NoSuchKey", .notFound, "The specified key does not exist.", key: key)
    }
    static func bucketAlreadyOwnedByYou(_ bucket: String) -> S3Error {
        S3Error("BucketAlreadyOwnedByYou", .conflict,
                "Your previous request to create the named bucket succeeded and you already own it.", bucket: bucket)
    }
    static func bucketNotEmpty(_ bucket: String) -> S3Error {
        S3Error("BucketNotEmpty", .conflict, "The bucket you tried to delete is not empty", bucket: bucket)
    }
    static func invalidBucketName(_ bucket: String) -> S3Error {
        S3Error("InvalidBucketName", .badRequest, "The specified bucket is not valid.", bucket: bucket)
    }
    static func writeOnce(_ key: String) -> S3Error {
        S3Error("AccessDenied", .forbidden,
                "The bucket is write-once: an existing object cannot be overwritten or deleted.", key: key)
    }

    // MARK: integrity

    static let badDigest = S3Error("BadDigest", .badRequest, "The Content-MD5 you specified did not match what we received.")
    static let invalidDigest = S3Error("InvalidDigest", .badRequest, "The Content-MD5 you specified is not valid.")
    static func checksumMismatch(_ algorithm: S3ChecksumAlgorithm) -> S3Error {
        S3Error("BadDigest", .badRequest, "The \(algorithm.rawValue.uppercased()) you specified did not match the calculated checksum.")
    }
    static func invalidChecksum(_ algorithm: S3ChecksumAlgorithm) -> S3Error {
        S3Error("InvalidRequest", .badRequest, "Value for \(algorithm.headerName) header is invalid.")
    }

    // MARK: conditions and ranges

    static let preconditionFailed = S3Error(
        "PreconditionFailed", .preconditionFailed, "At least one of the pre-conditions you specified did not hold")
    static let notModified = S3Error("NotModified", .notModified, "Not Modified")
    static let invalidRange = S3Error("InvalidRange", .rangeNotSatisfiable, "The requested range is not satisfiable")

    // MARK: multipart

    static let noSuchUpload = S3Error(
        "NoSuchUpload", .notFound,
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
    static let entityTooSmall = S3Error(
        "EntityTooSmall", .badRequest, "Your proposed upload is smaller than the minimum allowed object size.")
    static let invalidPart = S3Error(
        "InvalidPart", .badRequest,
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
    static let invalidPartOrder = S3Error(
        "InvalidPartOrder", .badRequest, "The list of parts was not in ascending order. Parts must be ordered by part number.")
}
