import Crypto
import NIOCore
import NIOHTTP1

/// The S3 REST protocol: turns HTTP requests into calls on an ``S3Store`` and the results into the
/// responses S3 sends. It is the HTTP-facing half (as `responses.py` is in moto); the store is the model.
///
/// A request is handled in two steps so that the channel handler can refuse early: ``prepare(head:)``
/// checks the head (target, signature, clock) before any body is read, and ``respond(to:body:requestID:)``
/// checks the body against what the head promised (payload hash, chunk signatures, Content-MD5,
/// checksums) and only then touches the store. Nothing is stored from a request that fails either step.
public struct S3Service: Sendable {
    /// The model.
    public let store: S3Store
    /// The signature checker.
    public let verifier: SigV4Verifier
    /// Error answers planned by tests (``S3FaultInjector``); empty unless a test plans some.
    public let faults = S3FaultInjector()
    /// The largest body accepted in one request, S3's single-PUT limit of 5 GiB.
    public static let maximumBodySize = 5 * 1024 * 1024 * 1024

    /// A service over `store`, accepting the users in `credentials`.
    public init(store: S3Store, credentials: S3Credentials) {
        self.store = store
        self.verifier = SigV4Verifier(credentials: credentials)
    }

    /// A parsed, authenticated head, or the error to answer it with (and the resource it concerned).
    public struct Prepared: Sendable {
        let request: Result<S3Request, S3Error>
        let resource: String
        let isHead: Bool

        /// Whether the head was refused, so that its body need not be kept.
        public var isRefused: Bool {
            if case .failure = request { return true }
            return false
        }
    }

    /// Checks a request head: its target, and its signature unless it is a health probe.
    public func prepare(head: HTTPRequestHead) -> Prepared {
        let isHead = head.method == .HEAD
        guard let target = S3RequestTarget(uri: head.uri, host: head.headers.first(name: "host")) else {
            return Prepared(request: .failure(.invalidRequest("The request URI is not valid percent-encoded UTF-8.")),
                            resource: "/", isHead: isHead)
        }
        let resource = target.resource
        let path = [target.bucket, target.key].compactMap { $0 }.joined(separator: "/")
        if let fault = faults.take(method: head.method, path: path) {
            return Prepared(request: .failure(fault.error), resource: resource, isHead: isHead)
        }
        if target.bucket == "minio", ["health/live", "health/ready", "health/cluster"].contains(target.key ?? "") {
            return Prepared(request: .success(S3Request(method: head.method, target: target, headers: head.headers,
                                                        authorization: nil)),
                            resource: resource, isHead: isHead)
        }
        do throws(S3Error) {
            let verified = try verifier.verify(method: head.method.rawValue, path: target.signedPath,
                                               resourcePath: target.resourcePath, rawURI: head.uri, query: target.query,
                                               headers: head.headers, now: store.now / 1000)
            guard let authorization = verified else { throw .accessDenied() }
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > Self.maximumBodySize {
                throw .entityTooLarge
            }
            return Prepared(request: .success(S3Request(method: head.method, target: target, headers: head.headers,
                                                        authorization: authorization)),
                            resource: resource, isHead: isHead)
        } catch {
            return Prepared(request: .failure(error), resource: resource, isHead: isHead)
        }
    }

    /// Answers a prepared request once its whole body has arrived.
    public func respond(to prepared: Prepared, body: ByteBuffer, requestID: String) -> S3Response {
        respond(to: prepared, requestID: requestID) { (request) throws(S3Error) in try decodePayload(&request, body: body) }
    }

    /// A sink for the body of `prepared` when it should be streamed to disk as it arrives: a PutObject or
    /// UploadPart whose head was accepted, on the directory backend. Nil means: collect the body in memory.
    ///
    /// The SHA-256 is computed only when the payload hash is signed, and the checksums the head announces
    /// (as headers, in `x-amz-trailer` or `x-amz-sdk-checksum-algorithm`); others are read back from the
    /// file if a trailer brings one.
    func uploadSink(for prepared: Prepared) throws(S3Error) -> S3UploadSink? {
        guard store.streamsUploads, case .success(let request) = prepared.request, request.method == .PUT, request.target.key != nil,
              request.header("x-amz-copy-source") == nil, let authorization = request.authorization
        else { return nil }
        var sha256 = false
        var decoder: AWSChunkedStreamDecoder?
        switch authorization.payload {
        case .signed, .signedWithoutHeader: sha256 = true
        case .unsigned: break
        case .streamingSigned: decoder = AWSChunkedStreamDecoder(signing: AWSChunkedDecoder.Signing(authorization: authorization))
        case .streamingUnsignedTrailer: decoder = AWSChunkedStreamDecoder(signing: nil)
        }
        let announced = [request.header("x-amz-trailer"), request.header("x-amz-sdk-checksum-algorithm")]
            .compactMap { $0?.lowercased() }.joined(separator: ",").split(separator: ",").map { $0.trimmingSpaces() }
        let checksums = S3ChecksumAlgorithm.allCases.filter { algorithm in
            request.header(algorithm.headerName) != nil
                || announced.contains { $0 == algorithm.headerName || $0 == algorithm.rawValue }
        }
        return try store.makeUploadSink(sha256: sha256, checksums: checksums, decoder: decoder)
    }

    /// Answers a prepared request whose body was streamed by an ``uploadSink(for:)`` sink (or failed to
    /// be); the staging file is gone afterwards, renamed into place or removed.
    func respond(to prepared: Prepared, staged: Result<S3StagedBody, S3Error>, requestID: String) -> S3Response {
        defer { if case .success(let body) = staged { store.discardStaged(body) } }
        return respond(to: prepared, requestID: requestID) { (request) throws(S3Error) in
            let body = try staged.get()
            switch request.authorization?.payload {
            case .signed(let expected)?:
                guard body.sha256Hex == expected else { throw .contentSHA256Mismatch }
            case .signedWithoutHeader?:
                guard let authorization = request.authorization, let hash = body.sha256Hex,
                      authorization.signatureCovers(bodySHA256: hash)
                else { throw .signatureDoesNotMatch }
            case .unsigned?, nil:
                break
            case .streamingSigned?, .streamingUnsignedTrailer?:
                // Framing and chunk signatures were checked by the sink as the body arrived.
                if let declared = request.header("x-amz-decoded-content-length").flatMap(Int.init), declared != body.size {
                    throw .incompleteBody
                }
                request.trailers = body.trailers
            }
            request.staged = body
        }
    }

    private func respond(to prepared: Prepared, requestID: String,
                         payload: (inout S3Request) throws(S3Error) -> Void) -> S3Response {
        var response: S3Response
        do throws(S3Error) {
            var request = try prepared.request.get()
            try payload(&request)
            response = try route(request)
        } catch {
            var error = error
            if error.code == "NoSuchKey", error.key == nil, case .success(let request) = prepared.request {
                error.key = request.target.key
            }
            response = .error(error, resource: prepared.resource, requestID: requestID, includeBody: !prepared.isHead)
        }
        response.headers.replaceOrAdd(name: "x-amz-request-id", value: requestID)
        response.headers.replaceOrAdd(name: "x-amz-id-2", value: requestID)
        return response
    }

    /// Removes aws-chunked framing and checks the payload against the signed hash.
    private func decodePayload(_ request: inout S3Request, body: ByteBuffer) throws(S3Error) {
        guard let authorization = request.authorization else { request.body = body; return }
        switch authorization.payload {
        case .signed(let expected):
            guard body.sha256Hex == expected else { throw .contentSHA256Mismatch }
            request.body = body
        case .unsigned:
            request.body = body
        case .signedWithoutHeader:
            guard authorization.signatureCovers(bodySHA256: body.sha256Hex) else { throw .signatureDoesNotMatch }
            request.body = body
        case .streamingSigned, .streamingUnsignedTrailer:
            let signing: AWSChunkedDecoder.Signing?
            if case .streamingSigned = authorization.payload {
                signing = AWSChunkedDecoder.Signing(authorization: authorization)
            } else {
                signing = nil
            }
            let decoded = try AWSChunkedDecoder.decode(body, signing: signing)
            if let declared = request.header("x-amz-decoded-content-length").flatMap(Int.init),
               declared != decoded.payload.readableBytes {
                throw .incompleteBody
            }
            request.body = decoded.payload
            request.trailers = decoded.trailers
        }
    }

    /// Dispatches on method, target and sub-resource, as S3's REST API is laid out.
    private func route(_ request: S3Request) throws(S3Error) -> S3Response {
        let target = request.target
        guard let bucket = target.bucket else {
            guard request.method == .GET else { throw .methodNotAllowed }
            return listBuckets(request)
        }
        if request.authorization == nil {
            return S3Response(status: .ok)  // MinIO's /minio/health/live and /ready
        }
        if let unsupported = Self.unsupportedSubresources.first(where: target.has) {
            throw .notImplemented("?\(unsupported)")
        }
        guard let key = target.key else {
            guard S3BucketName.isValid(bucket) || request.method != .PUT else { throw .invalidBucketName(bucket) }
            switch request.method {
            case .PUT: return try createBucket(request)
            case .HEAD: return try headBucket(request)
            case .DELETE: return try deleteBucket(request)
            case .POST where target.has("delete"): return try deleteObjects(request)
            case .GET where target.has("location"): return try bucketLocation(request)
            case .GET where target.has("uploads"): return try listMultipartUploads(request)
            case .GET where target.has("versioning"): return try bucketVersioning(request)
            case .GET where target.value("list-type") == "2": return try listObjectsV2(request)
            case .GET: return try listObjectsV1(request)
            default: throw .methodNotAllowed
            }
        }
        guard key.utf8.count <= 1024 else { throw .keyTooLong }
        guard !key.utf8.contains(0) else { throw .invalidArgument("Object keys must not contain NUL.") }
        switch request.method {
        case .PUT where target.has("uploadId"):
            return request.header("x-amz-copy-source") != nil ? try uploadPartCopy(request) : try uploadPart(request)
        case .PUT where request.header("x-amz-copy-source") != nil: return try copyObject(request)
        case .PUT: return try putObject(request)
        case .GET where target.has("uploadId"): return try listParts(request)
        case .GET: return try getObject(request, includeBody: true)
        case .HEAD: return try getObject(request, includeBody: false)
        case .DELETE where target.has("uploadId"): return try abortMultipartUpload(request)
        case .DELETE: return try deleteObject(request)
        case .POST where target.has("uploads"): return try createMultipartUpload(request)
        case .POST where target.has("uploadId"): return try completeMultipartUpload(request)
        default: throw .methodNotAllowed
        }
    }

    /// Sub-resources of S3's API that this emulator does not model; they get `NotImplemented` rather than
    /// being mistaken for a plain GET or PUT of the bucket or object.
    static let unsupportedSubresources = [
        "acl", "policy", "policyStatus", "tagging", "lifecycle", "cors", "website", "inventory", "analytics",
        "metrics", "logging", "notification", "replication", "encryption", "object-lock", "retention", "legal-hold",
        "torrent", "restore", "select", "accelerate", "requestPayment", "ownershipControls", "publicAccessBlock",
        "intelligent-tiering", "versions", "attributes", "versionId",
    ]

    /// The owner every bucket and object reports: the emulator has one account.
    static let ownerID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
    static let ownerName = "sluice"

    static func writeOwner(_ xml: inout XMLWriter, element: String = "Owner") {
        xml.open(element)
        xml.element("ID", ownerID)
        xml.element("DisplayName", ownerName)
        xml.close(element)
    }
}
