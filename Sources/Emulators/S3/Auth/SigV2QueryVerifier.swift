import Crypto
import NIOHTTP1

/// Checks the legacy Signature Version 2 query string (`AWSAccessKeyId`, `Expires`, `Signature`), the form
/// boto3's `generate_presigned_url` still produces for S3 unless told `signature_version="s3v4"`.
///
/// Without it, every presigned URL a default boto3 client hands out would be refused. The signature is
/// `base64(HMAC-SHA1(secret, method \n Content-MD5 \n Content-Type \n Expires \n x-amz-headers resource))`.
struct SigV2QueryVerifier: Sendable {
    let credentials: S3Credentials

    /// The sub-resources and response overrides that are part of the signed resource, as S3 lists them.
    private static let signedSubresources: Set<String> = [
        "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
        "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
        "response-content-language", "response-content-type", "response-expires", "restore", "tagging", "torrent",
        "uploadId", "uploads", "versionId", "versioning", "versions", "website",
    ]

    /// Whether the query carries a SigV2 presigned signature.
    static func applies(to query: [(String, String)]) -> Bool {
        query.contains { $0.0 == "AWSAccessKeyId" } && query.contains { $0.0 == "Signature" }
    }

    /// Verifies the signature and expiry; `resourcePath` is the decoded `/bucket/key`.
    func verify(method: String, resourcePath: String, query: [(String, String)], headers: HTTPHeaders, now: Int)
        throws(S3Error) -> SigV4Authorization
    {
        func value(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
        guard let accessKey = value("AWSAccessKeyId"), let signature = value("Signature"),
              let expires = value("Expires").flatMap(Int.init)
        else { throw .accessDenied("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters") }
        guard let secret = credentials.secret(for: accessKey) else { throw .invalidAccessKeyId }
        guard now <= expires else { throw .expiredPresignedURL }
        var amzHeaders = ""
        let names = Set(headers.map { $0.name.lowercased() }.filter { $0.hasPrefix("x-amz-") }).sorted()
        for name in names {
            amzHeaders += "\(name):\(headers[name].map(SigV4Signing.canonicalHeaderValue).joined(separator: ","))\n"
        }
        var resource = URIEncoding.encode(resourcePath, keepSlash: true)
        let subresources = query.filter { Self.signedSubresources.contains($0.0) }.sorted { $0.0 < $1.0 }
        if !subresources.isEmpty {
            resource += "?" + subresources.map { $0.1.isEmpty ? $0.0 : "\($0.0)=\($0.1)" }.joined(separator: "&")
        }
        let text = "\(method)\n\(headers.first(name: "content-md5") ?? "")\n\(headers.first(name: "content-type") ?? "")\n"
            + "\(expires)\n\(amzHeaders)\(resource)"
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        guard SigV4Signing.constantTimeEqual(Base64.encode(Array(mac)), signature) else { throw .signatureDoesNotMatch }
        return SigV4Authorization(accessKey: accessKey, payload: .unsigned, seedSignature: signature, signingKeyBytes: [],
                                  amzDate: "", scope: "")
    }
}
