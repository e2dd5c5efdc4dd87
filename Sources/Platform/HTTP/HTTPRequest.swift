/// One HTTP request for ``CurlHTTPClient``: method, URL, headers and an in-memory body.
public struct HTTPRequest: Sendable {
    /// The method, e.g. "GET" or "PUT".
    public var method: String
    /// The absolute URL, already percent-encoded.
    public var url: String
    /// Header fields to send, in order.
    public var headers: [(name: String, value: String)]
    /// The body; nil sends none.
    public var body: [UInt8]?
    /// When set, libcurl signs the request with AWS Signature Version 4 (`CURLOPT_AWS_SIGV4`).
    public var signature: AWSSignature?
    /// Whether to ask for a compressed answer and hand back its decoded bytes (an API's JSON). False
    /// hands back the body exactly as sent, `Content-Encoding` or not: S3 objects are returned as stored.
    public var decodesContent: Bool

    /// Creates a request.
    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        signature: AWSSignature? = nil, decodesContent: Bool = true
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.signature = signature
        self.decodesContent = decodesContent
    }
}

/// The credentials and scope libcurl signs a request with (SigV4, service and region as S3 expects).
public struct AWSSignature: Sendable {
    /// The access key id.
    public var accessKey: String
    /// The secret access key.
    public var secretKey: String
    /// The region of the credential scope, e.g. "us-east-1".
    public var region: String
    /// The service of the credential scope, "s3" for object storage.
    public var service: String

    /// Creates signing settings.
    public init(accessKey: String, secretKey: String, region: String, service: String = "s3") {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
        self.service = service
    }

    /// The `CURLOPT_AWS_SIGV4` provider string: `aws:amz:<region>:<service>`.
    var curlProvider: String { "aws:amz:\(region):\(service)" }
}
