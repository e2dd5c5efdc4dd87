import Contracts
import Crypto
import Foundation

/// Where an S3 server is and whom to sign as.
public struct S3Endpoint: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:9000`; buckets are addressed path-style under it.
    public var url: String
    /// The region of the signing scope.
    public var region: String
    /// The access key id.
    public var accessKey: String
    /// The secret access key.
    public var secretKey: String

    /// Creates an endpoint description.
    public init(url: String, region: String = "us-east-1", accessKey: String, secretKey: String) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.region = region
        self.accessKey = accessKey
        self.secretKey = secretKey
    }
}

/// An object's description from a listing or a HEAD.
public struct S3ObjectSummary: Sendable, Equatable {
    /// The object key.
    public let key: String
    /// The size in bytes.
    public let size: Int
    /// The entity tag, quotes removed.
    public let etag: String
}

/// One page of ListObjectsV2.
public struct S3ListPage: Sendable {
    /// The objects of this page, in key order.
    public let objects: [S3ObjectSummary]
    /// The common prefixes rolled up by the delimiter.
    public let commonPrefixes: [String]
    /// The token for the next page; nil on the last page.
    public let continuationToken: String?
}

/// S3 over libcurl, signed with SigV4 by libcurl itself (`CURLOPT_AWS_SIGV4`), path-style addressing.
///
/// Bodies are held in memory, except in ``upload(file:bucket:key:contentType:ifAbsent:)`` and
/// ``download(bucket:key:to:)``, which stream from and to files. Each body's SHA-256 is sent as
/// `x-amz-content-sha256`, which S3 requires on every SigV4 request and libcurl 7.88 does not add itself;
/// because the header is sent, it is signed too. Bodies come back as stored: an object uploaded with
/// `Content-Encoding: gzip` is read as its gzip bytes, as boto3 and the aws cli read it, not decoded. ``S3BatchUploader`` sends these same requests many at a
/// time and signs them with ``SigV4RequestSigner`` instead, which keeps the day's signing key.
public struct S3Client: Sendable {
    /// The server and credentials.
    public let endpoint: S3Endpoint
    let http: CurlHTTPClient
    /// Files of at least this many bytes are uploaded in parts (``upload(file:bucket:key:contentType:ifAbsent:)``);
    /// smaller ones in one PUT. 16 MiB by default.
    public var multipartThreshold = 16 * 1024 * 1024
    /// The size of each part of a multipart upload but the last; raised to S3's 5 MiB minimum when set lower.
    /// 8 MiB by default: S3 allows 10,000 parts, so files beyond about 78 GiB need larger parts.
    public var partSize = 8 * 1024 * 1024

    /// Creates a client; `timeoutMilliseconds` bounds each request.
    public init(endpoint: S3Endpoint, timeoutMilliseconds: Int = 60_000) {
        self.endpoint = endpoint
        self.http = CurlHTTPClient(timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Creates `bucket`; an existing bucket owned by us is not an error.
    public func createBucket(_ bucket: String) throws {
        let response = try send("PUT", bucket: bucket)
        if response.status == 409, S3XML(response.body).first("Code") == "BucketAlreadyOwnedByYou" { return }
        try expectSuccess(response, bucket: bucket)
    }

    /// Whether `bucket` exists and we may use it.
    public func bucketExists(_ bucket: String) throws -> Bool {
        let response = try send("HEAD", bucket: bucket)
        if response.status == 404 { return false }
        try expectSuccess(response, bucket: bucket)
        return true
    }

    /// Stores `body` under `key`. With `ifAbsent`, the write is refused with `PreconditionFailed` when the
    /// key already exists (`If-None-Match: *`): how RAW objects are written exactly once.
    @discardableResult
    public func putObject(
        bucket: String, key: String, body: [UInt8], contentType: String = "application/octet-stream",
        ifAbsent: Bool = false, metadata: [String: String] = [:]
    ) throws -> String {
        let response = try http.perform(
            putObjectRequest(bucket: bucket, key: key, body: body, contentType: contentType, ifAbsent: ifAbsent, metadata: metadata))
        try expectSuccess(response, bucket: bucket, key: key)
        return Self.unquoted(response.header("ETag") ?? "")
    }

    /// The signed PutObject request of ``putObject(bucket:key:body:contentType:ifAbsent:metadata:)``.
    func putObjectRequest(
        bucket: String, key: String, body: [UInt8], contentType: String, ifAbsent: Bool, metadata: [String: String] = [:]
    ) -> HTTPRequest {
        var headers = [("Content-Type", contentType)]
        if ifAbsent { headers.append(("If-None-Match", "*")) }
        headers += metadata.sorted { $0.key < $1.key }.map { ("x-amz-meta-\($0.key)", $0.value) }
        return request("PUT", bucket: bucket, key: key, headers: headers, body: body)
    }

    /// Writes `body` under `key` unless an object is there already; true when one was (and is left alone).
    ///
    /// For keys that name their content (a hash, a log position), an existing object of the same size is
    /// the same input landed before: a replay, recognised rather than duplicated. A different size
    /// under the same key is a real conflict and throws the `PreconditionFailed` answer.
    public func putIfAbsent(bucket: String, key: String, body: [UInt8], contentType: String) throws -> Bool {
        do {
            try putObject(bucket: bucket, key: key, body: body, contentType: contentType, ifAbsent: true)
            return false
        } catch let error as S3ResponseError where error.code == "PreconditionFailed" {
            guard try headObject(bucket: bucket, key: key)?.size == body.count else { throw error }
            return true
        }
    }

    /// The bytes of `key`.
    public func getObject(bucket: String, key: String) throws -> [UInt8] {
        let response = try send("GET", bucket: bucket, key: key)
        try expectSuccess(response, bucket: bucket, key: key)
        return response.body
    }

    /// The size and ETag of `key`, or nil when it does not exist.
    public func headObject(bucket: String, key: String) throws -> S3ObjectSummary? {
        try objectSummary(of: try send("HEAD", bucket: bucket, key: key), bucket: bucket, key: key)
    }

    /// The summary a HEAD of `key` answered with `response`: nil for 404, thrown for any other failure.
    func objectSummary(of response: HTTPResponse, bucket: String, key: String) throws -> S3ObjectSummary? {
        if response.status == 404 { return nil }
        try expectSuccess(response, bucket: bucket, key: key)
        return S3ObjectSummary(
            key: key, size: Int(response.header("Content-Length") ?? "") ?? 0,
            etag: Self.unquoted(response.header("ETag") ?? ""))
    }

    /// Deletes `key`; deleting a missing key succeeds, as in S3.
    public func deleteObject(bucket: String, key: String) throws {
        let response = try send("DELETE", bucket: bucket, key: key)
        try expectSuccess(response, bucket: bucket, key: key)
    }

    /// Copies `sourceKey` of `sourceBucket` to `key` of `bucket` on the server side.
    public func copyObject(sourceBucket: String, sourceKey: String, bucket: String, key: String) throws {
        let source = "/\(sourceBucket)/\(Self.encodePath(sourceKey))"
        let response = try send("PUT", bucket: bucket, key: key, headers: [("x-amz-copy-source", source)])
        try expectSuccess(response, bucket: bucket, key: key)
        // CopyObject can fail after the 200 status line: the error then arrives in the body.
        if S3XML(response.body).first("Code") != nil {
            throw S3ResponseError(response: response, resource: "\(bucket)/\(key)")
        }
    }

    /// One page of ListObjectsV2 under `prefix`.
    public func listObjects(
        bucket: String, prefix: String = "", delimiter: String? = nil, continuationToken: String? = nil,
        maxKeys: Int = 1000
    ) throws -> S3ListPage {
        var query = [("list-type", "2"), ("max-keys", "\(maxKeys)"), ("prefix", prefix)]
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let response = try send("GET", bucket: bucket, query: query)
        try expectSuccess(response, bucket: bucket)
        let document = S3XML(response.body)
        let objects = document.children("Contents").map { entry in
            S3ObjectSummary(
                key: entry.first("Key") ?? "", size: Int(entry.first("Size") ?? "") ?? 0,
                etag: Self.unquoted(entry.first("ETag") ?? ""))
        }
        let truncated = document.first("IsTruncated") == "true"
        return S3ListPage(
            objects: objects,
            commonPrefixes: document.children("CommonPrefixes").compactMap { $0.first("Prefix") },
            continuationToken: truncated ? document.first("NextContinuationToken") : nil)
    }

    /// Every object under `prefix`, following continuation tokens across pages.
    public func listAllObjects(bucket: String, prefix: String = "") throws -> [S3ObjectSummary] {
        var objects: [S3ObjectSummary] = []
        var token: String?
        repeat {
            let page = try listObjects(bucket: bucket, prefix: prefix, continuationToken: token)
            objects += page.objects
            token = page.continuationToken
        } while token != nil
        return objects
    }

    func send(
        _ method: String, bucket: String, key: String? = nil, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: [UInt8]? = nil, file: (body: HTTPFileBody, sha256: String)? = nil,
        downloadTo download: Int32? = nil
    ) throws -> HTTPResponse {
        let request = request(
            method, bucket: bucket, key: key, query: query, headers: headers, body: body, payloadHash: file?.sha256)
        return try http.perform(request, uploadingFrom: file?.body, downloadingTo: download)
    }

    /// The request for `method` on `bucket` (and `key`), signed by libcurl with the endpoint's credentials;
    /// `payloadHash` is the SHA-256 of a body sent from a file, else `body`'s is computed.
    func request(
        _ method: String, bucket: String, key: String? = nil, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: [UInt8]? = nil, payloadHash: String? = nil
    ) -> HTTPRequest {
        var url = "\(endpoint.url)/\(bucket)"
        if let key { url += "/" + Self.encodePath(key) }
        if !query.isEmpty {
            // SigV4 signs the query sorted by name; sending it sorted keeps what curl signs and sends identical.
            url += "?" + query.sorted { $0.0 < $1.0 }.map { "\(Self.encodeComponent($0.0))=\(Self.encodeComponent($0.1))" }
                .joined(separator: "&")
        }
        let payloadHash = payloadHash ?? LowercaseHex.text(of: SHA256.hash(data: body ?? []))
        return HTTPRequest(
            method: method, url: url, headers: headers + [("x-amz-content-sha256", payloadHash)],
            body: method == "PUT" || method == "POST" ? (body ?? []) : body,
            signature: AWSSignature(
                accessKey: endpoint.accessKey, secretKey: endpoint.secretKey, region: endpoint.region),
            decodesContent: false)
    }

    func expectSuccess(_ response: HTTPResponse, bucket: String, key: String? = nil) throws {
        guard (200..<300).contains(response.status) else {
            throw S3ResponseError(response: response, resource: key.map { "\(bucket)/\($0)" } ?? bucket)
        }
    }

    static func unquoted(_ etag: String) -> String {
        etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// Percent-encodes a key for the URL path, keeping `/` as the separator (RFC 3986 unreserved otherwise).
    static func encodePath(_ key: String) -> String {
        percentEncoded(key, keepingSlash: true)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, as SigV4's canonical form does.
    static func encodeComponent(_ text: String) -> String {
        percentEncoded(text, keepingSlash: false)
    }

    /// `text` with every byte but RFC 3986's unreserved characters (and `/` when `keepingSlash`) written
    /// as `%XX`, uppercase, byte by byte: every RAW write's key goes through here.
    private static func percentEncoded(_ text: String, keepingSlash: Bool) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                encoded.append(byte)
            case UInt8(ascii: "/") where keepingSlash:
                encoded.append(byte)
            default:
                encoded.append(UInt8(ascii: "%"))
                encoded.append(upperHexDigits[Int(byte >> 4)])
                encoded.append(upperHexDigits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)
}
