import Crypto

/// A request whose signature checked out: who sent it, and what is needed to check its body.
public struct SigV4Authorization: Sendable {
    /// The access key id that signed the request.
    public let accessKey: String
    /// How the body is protected.
    public let payload: S3PayloadMode
    /// The request's signature: the seed that the first aws-chunked chunk signature chains on.
    let seedSignature: String
    /// The derived key's bytes (`SymmetricKey` is not `Sendable`), to check chunk and trailer signatures.
    let signingKeyBytes: [UInt8]
    /// The derived key, to check chunk and trailer signatures.
    var signingKey: SymmetricKey { SymmetricKey(data: signingKeyBytes) }
    /// `x-amz-date` as signed.
    let amzDate: String
    /// The credential scope, `date/region/s3/aws4_request`.
    let scope: String
}
