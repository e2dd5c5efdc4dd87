import Crypto
import NIOHTTP1

/// Checks a request's signature (Signature Version 4 in the `Authorization` header or a presigned query string,
/// or a legacy SigV2 presigned query, see ``SigV2QueryVerifier``)
/// against the configured users, the way S3 does: unknown key, wrong signature, wrong scope, clock skew
/// and expiry each get S3's own error, and nothing is served without a valid signature.
///
/// Only the request head is needed, so a bad signature is refused before any body is read, which is how
/// `Expect: 100-continue` gets a final 403 instead of an invitation to send 10 MiB.
public struct SigV4Verifier: Sendable {
    /// The users and region.
    public let credentials: S3Credentials
    /// How far the request time may be from the server's clock, 15 minutes in S3.
    public let allowedSkew: Int = 15 * 60
    private let signingKeys = SigV4SigningKeyCache()

    /// A verifier for `credentials`.
    public init(credentials: S3Credentials) {
        self.credentials = credentials
    }

    /// Verifies the request head.
    ///
    /// - Parameters:
    ///   - path: the decoded path as sent on the request line (before virtual-host rewriting).
    ///   - resourcePath: `/bucket/key` when it differs from `path` (virtual-hosted style), for SigV2.
    ///   - rawURI: the request-target as sent, for signers that sign it unchanged (see ``SigV4CanonicalForms``).
    ///   - query: the decoded query pairs, in order.
    ///   - now: the server's clock, seconds since the epoch.
    /// - Returns: the authorization, or nil when the request carries no signature at all (anonymous).
    public func verify(method: String, path: String, resourcePath: String? = nil, rawURI: String? = nil,
                       query: [(String, String)], headers: HTTPHeaders, now: Int)
        throws(S3Error) -> SigV4Authorization?
    {
        if SigV2QueryVerifier.applies(to: query) {
            return try SigV2QueryVerifier(credentials: credentials).verify(
                method: method, resourcePath: resourcePath ?? path, query: query, headers: headers, now: now)
        }
        if query.contains(where: { $0.0 == "X-Amz-Algorithm" }) {
            let forms = SigV4CanonicalForms(path: path, query: query.filter { $0.0 != "X-Amz-Signature" }, rawURI: rawURI)
            return try verifyPresigned(method: method, forms: forms, query: query, headers: headers, now: now)
        }
        guard let authorization = headers.first(name: "authorization") else { return nil }
        let forms = SigV4CanonicalForms(path: path, query: query, rawURI: rawURI)
        return try verifyHeader(authorization, method: method, forms: forms, headers: headers, now: now)
    }

    private func verifyHeader(_ authorization: String, method: String, forms: SigV4CanonicalForms,
                              headers: HTTPHeaders, now: Int) throws(S3Error) -> SigV4Authorization {
        guard authorization.hasPrefix("AWS4-HMAC-SHA256 ") else {
            if authorization.hasPrefix("AWS ") { throw .invalidRequest("Signature Version 2 is not supported; use AWS4-HMAC-SHA256.") }
            throw .authorizationHeaderMalformed("The authorization header is malformed.")
        }
        // The three fields, found by bytes: this runs for every request.
        var credential: String?, signedHeaders: String?, signature: String?
        for part in authorization.utf8.dropFirst("AWS4-HMAC-SHA256 ".utf8.count).split(separator: UInt8(ascii: ",")) {
            let trimmed = Substring(part).trimmingSpaces()
            guard let eq = trimmed.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = trimmed.utf8[..<eq], value = String(Substring(trimmed.utf8[trimmed.utf8.index(after: eq)...]))
            if name.elementsEqual("Credential".utf8) {
                credential = value
            } else if name.elementsEqual("SignedHeaders".utf8) {
                signedHeaders = value
            } else if name.elementsEqual("Signature".utf8) {
                signature = value
            }
        }
        guard let credential, let signedHeaders, let signature
        else { throw .authorizationHeaderMalformed("The authorization header is malformed; it must carry Credential, SignedHeaders and Signature.") }
        guard let amzDate = headers.first(name: "x-amz-date") ?? headers.first(name: "date").flatMap(Self.basicDate) else {
            throw .accessDenied("AWS authentication requires a valid Date or x-amz-date header")
        }
        guard let time = HTTPDate.parseBasicISO8601(amzDate) else {
            throw .accessDenied("AWS authentication requires a valid Date or x-amz-date header")
        }
        guard abs(now - time) <= allowedSkew else { throw .requestTimeTooSkewed }
        let (accessKey, scope, key) = try resolve(credential: credential, amzDate: amzDate, malformed: S3Error.authorizationHeaderMalformed)
        let canonicalHeaders = try canonicalHeaders(signedHeaders, headers)
        func signs(_ payloadHash: String) -> Bool {
            forms.contains { form in
                SigV4Signing.signs(signature, method: method, canonicalURI: form.uri, canonicalQuery: form.query,
                                   headers: canonicalHeaders, payloadHash: payloadHash, amzDate: amzDate, scope: scope, key: key.keyed)
            }
        }
        var authorization = SigV4Authorization(accessKey: accessKey, payload: .unsigned, seedSignature: signature,
                                               signingKeyBytes: key.bytes, amzDate: amzDate, scope: scope)
        guard let hashHeader = headers.first(name: "x-amz-content-sha256") else {
            // S3 requires the header; libcurl < 8 does not send it but signs the body's hash all the same,
            // and the hash of an empty body when it streams an upload from a read callback. MinIO accepts
            // the latter with the body unchecked, and the platform must behave the same against both.
            if signs(SigV4Signing.emptySHA256) || signs("UNSIGNED-PAYLOAD") {
                authorization.payload = .unsigned
            } else {
                authorization.payload = .signedWithoutHeader
                authorization.canonicalRequestsWithoutPayloadHash = forms.candidates.map { form in
                    SigV4Signing.canonicalRequest(method: method, canonicalURI: form.uri, canonicalQuery: form.query,
                                                  headers: canonicalHeaders, payloadHash: "")
                }
            }
            return authorization
        }
        guard let payload = S3PayloadMode(header: hashHeader) else {
            throw .invalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a valid SHA-256 value.")
        }
        guard signs(hashHeader) else { throw .signatureDoesNotMatch }
        authorization.payload = payload
        return authorization
    }

    private func verifyPresigned(method: String, forms: SigV4CanonicalForms, query: [(String, String)],
                                 headers: HTTPHeaders, now: Int) throws(S3Error) -> SigV4Authorization {
        func value(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
        guard value("X-Amz-Algorithm") == "AWS4-HMAC-SHA256" else {
            throw .authorizationQueryParametersError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")
        }
        guard let credential = value("X-Amz-Credential"), let amzDate = value("X-Amz-Date"),
              let expiresText = value("X-Amz-Expires"), let signedHeaders = value("X-Amz-SignedHeaders"),
              let signature = value("X-Amz-Signature")
        else {
            throw .authorizationQueryParametersError(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
        }
        guard let time = HTTPDate.parseBasicISO8601(amzDate) else {
            throw .authorizationQueryParametersError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
        }
        guard let expires = Int(expiresText), expires >= 0, expires <= 604_800 else {
            throw .authorizationQueryParametersError("X-Amz-Expires must be a number of seconds between 0 and 604800")
        }
        let (accessKey, scope, key) = try resolve(credential: credential, amzDate: amzDate,
                                                  malformed: S3Error.authorizationQueryParametersError)
        guard now <= time + expires else { throw .expiredPresignedURL }
        guard time - now <= allowedSkew else { throw .requestTimeTooSkewed }
        let payloadHash = value("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD"
        let canonicalHeaders = try canonicalHeaders(signedHeaders, headers)
        let signed = forms.contains { form in
            SigV4Signing.signs(signature, method: method, canonicalURI: form.uri, canonicalQuery: form.query,
                               headers: canonicalHeaders, payloadHash: payloadHash, amzDate: amzDate, scope: scope, key: key.keyed)
        }
        guard signed else { throw .signatureDoesNotMatch }
        return SigV4Authorization(accessKey: accessKey, payload: S3PayloadMode(header: payloadHash) ?? .unsigned,
                                  seedSignature: signature, signingKeyBytes: key.bytes, amzDate: amzDate, scope: scope)
    }

    /// Splits `AKID/20130524/us-east-1/s3/aws4_request`, checks the scope and finds the user's key.
    private func resolve(credential: String, amzDate: String, malformed: (String) -> S3Error) throws(S3Error)
        -> (String, String, SigV4DayKey)
    {
        let parts = credential.asciiSplit("/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[4] == "aws4_request" else {
            throw malformed("The credential is malformed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
        }
        let accessKey = String(parts[0])
        guard let secret = credentials.secret(for: accessKey) else { throw .invalidAccessKeyId }
        let date = String(parts[1])
        guard date == String(amzDate.prefix(8)) else {
            throw malformed("Invalid credential date \"\(date)\". This date is not the same as X-Amz-Date: \"\(amzDate.prefix(8))\".")
        }
        guard parts[2] == credentials.region else {
            throw malformed("The authorization header is malformed; the region '\(parts[2])' is wrong; expecting '\(credentials.region)'")
        }
        guard parts[3] == "s3" else {
            throw malformed("The authorization header is malformed; incorrect service \"\(parts[3])\". This endpoint belongs to \"s3\".")
        }
        let key = signingKeys.key(accessKey: accessKey, date: date) {
            SigV4Signing.signingKey(secret: secret, date: date, region: credentials.region, service: "s3")
        }
        // Everything after the access key: the date, region, service and terminator, slashes included.
        return (accessKey, String(credential[parts[1].startIndex...]), key)
    }

    private func canonicalHeaders(_ signedHeaders: String, _ headers: HTTPHeaders) throws(S3Error) -> [(String, String)] {
        let names = signedHeaders.asciiSplit(";").map(\.lowercasedName)
        guard names.contains("host") else {
            throw .accessDenied("There were headers present in the request which were not signed: host")
        }
        return names.map { name in
            let values = headers[name]
            return (name, values.count == 1 ? SigV4Signing.canonicalHeaderValue(values[0])
                    : values.map(SigV4Signing.canonicalHeaderValue).joined(separator: ","))
        }
    }

    /// Turns an RFC 1123 `Date` header into the basic ISO 8601 form the string to sign uses.
    private static func basicDate(_ header: String) -> String? {
        guard let seconds = HTTPDate.parseRFC1123(header) else { return nil }
        let iso = HTTPDate.iso8601(milliseconds: seconds * 1000)  // 2024-01-02T03:04:05.000Z
        let digits = iso.filter { $0.isNumber || $0 == "T" }
        return String(digits.prefix(15)) + "Z"
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
