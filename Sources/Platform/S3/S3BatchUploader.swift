/// Many write-once PUTs in flight at once: how the stream consumer lands a batch of messages in RAW.
///
/// The requests are ``S3Client``'s own (same URL encoding, same `x-amz-content-sha256`), signed by a
/// ``SigV4RequestSigner`` that keeps the day's signing key rather than by libcurl per request, and sent by
/// a ``CurlMultiClient`` that keeps ``maxInFlight`` of them going over kept-alive connections from one
/// Dispatch thread. A PUT answered `412` gets a HEAD, as
/// ``S3Client/putIfAbsent(bucket:key:body:contentType:)`` does: the same size means the object landed
/// before (a replay), anything else is a conflict. Every object gets its own outcome, so one failing
/// write never hides the others.
public struct S3BatchUploader: Sendable {
    /// One object to write: its key and bytes.
    public struct Object: Sendable {
        /// The object key.
        public var key: String
        /// The bytes to store.
        public var body: [UInt8]

        /// Describes `body` to be stored under `key`.
        public init(key: String, body: [UInt8]) {
            self.key = key
            self.body = body
        }
    }

    /// The client whose requests are sent.
    public let client: S3Client
    private let transfers: CurlMultiClient
    private let signer: SigV4RequestSigner
    /// The endpoint's authority (`host:port`), sent and signed as `Host`.
    private let host: String

    /// Creates an uploader for `client`'s endpoint keeping up to `maxInFlight` requests in flight.
    public init(client: S3Client, maxInFlight: Int = 32) {
        self.client = client
        transfers = CurlMultiClient(maxInFlight: maxInFlight)
        let endpoint = client.endpoint
        signer = SigV4RequestSigner(AWSSignature(accessKey: endpoint.accessKey, secretKey: endpoint.secretKey, region: endpoint.region))
        let authority = endpoint.url.split(separator: "://", maxSplits: 1).last ?? Substring(endpoint.url)
        host = String(authority.prefix { $0 != "/" })
    }

    /// Most requests in flight at once.
    public var maxInFlight: Int { transfers.maxInFlight }

    /// Writes each object unless its key holds one already, once, without retries; per object, in the
    /// order given: false when written, true when the same-size object was there, or the failure
    /// (``S3ResponseError`` for an S3 answer, ``CurlError`` for a transport fault).
    public func putIfAbsent(bucket: String, objects: [Object], contentType: String) async -> [Result<Bool, any Error>] {
        let requests = objects.map {
            signed(client.putObjectRequest(bucket: bucket, key: $0.key, body: $0.body, contentType: contentType, ifAbsent: true))
        }
        var outcomes: [Result<Bool, any Error>] = []
        var refused: [Int] = []
        for (index, result) in await transfers.perform(requests).enumerated() {
            switch result {
            case .success(let response) where response.status == 412:
                refused.append(index)
                outcomes.append(.failure(S3ResponseError(response: response, resource: "\(bucket)/\(objects[index].key)")))
            case .success(let response):
                outcomes.append(Result {
                    try client.expectSuccess(response, bucket: bucket, key: objects[index].key)
                    return false
                })
            case .failure(let error):
                outcomes.append(.failure(error))
            }
        }
        guard !refused.isEmpty else { return outcomes }
        let heads = await transfers.perform(refused.map { signed(client.request("HEAD", bucket: bucket, key: objects[$0].key)) })
        for (index, head) in zip(refused, heads) {
            let refusal = outcomes[index]
            outcomes[index] = Result {
                let summary = try client.objectSummary(of: try head.get(), bucket: bucket, key: objects[index].key)
                guard summary?.size == objects[index].body.count else { _ = try refusal.get(); return false }
                return true
            }
        }
        return outcomes
    }

    /// `request` (one of ``client``'s, its URL under the endpoint's) signed by ``signer``.
    private func signed(_ request: HTTPRequest) -> HTTPRequest {
        // By UTF-8 bytes: counting or dropping `Character`s would walk grapheme clusters on every PUT.
        let target = request.url.utf8.dropFirst(client.endpoint.url.utf8.count)
        let question = target.firstIndex(of: UInt8(ascii: "?"))
        let path = question.map { target[..<$0] } ?? target
        let query = question.map { target[target.index(after: $0)...] } ?? target[target.endIndex...]
        return signer.sign(request, host: host, path: String(Substring(path)), query: String(Substring(query)))
    }

    /// ``putIfAbsent(bucket:objects:contentType:)`` with the writes that failed retryably sent again under
    /// `retry`, each object on its own count (``RetryPolicy/runEach(count:target:metrics:_:)``): per object,
    /// whether it was there already, or ``RetryExhaustedError`` once its attempts ran out. Throws the first
    /// failure that is not worth retrying (a conflicting object, access denied).
    public func putIfAbsent(
        bucket: String, objects: [Object], contentType: String, retry: RetryPolicy, metrics: SluiceMetrics = SluiceMetrics()
    ) async throws -> [Result<Bool, RetryExhaustedError>] {
        try await retry.runEach(count: objects.count, target: "s3", metrics: metrics) { pending in
            await putIfAbsent(bucket: bucket, objects: pending.map { objects[$0] }, contentType: contentType)
        }
    }
}
