import Contracts
import Crypto

/// The pieces of Signature Version 4 that both a signer and a verifier compute: the canonical request,
/// the string to sign, the derived signing key and the chunk and trailer signatures of aws-chunked bodies.
/// Named after the steps of AWS's "Signature Version 4 signing process" documentation.
public enum SigV4Signing {
    /// SHA-256 of the empty string, the payload hash of every aws-chunked chunk's "previous" field.
    public static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    public static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// The hex HMAC-SHA256 of `text` under `key`: a signature.
    public static func signature(_ text: String, key: SymmetricKey) -> String {
        LowercaseHex.text(of: HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
    }

    /// Hex SHA-256.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return LowercaseHex.text(of: hasher.finalize())
    }

    /// The canonical request: method, URI, query, headers, signed header list and payload hash, one per line.
    ///
    /// - Parameters:
    ///   - path: the decoded path; it is re-encoded here as the signer encoded it.
    ///   - query: decoded name/value pairs; encoded and sorted here.
    ///   - headers: the signed headers' values by lower-case name, in signed order.
    public static func canonicalRequest(method: String, path: String, query: [(String, String)],
                                        headers: [(String, String)], payloadHash: String) -> String {
        canonicalRequest(method: method, canonicalURI: URIEncoding.encode(path, keepSlash: true),
                         canonicalQuery: canonicalQuery(query), headers: headers, payloadHash: payloadHash)
    }

    /// The canonical query string: names and values encoded, sorted by name then value, joined with `&`.
    public static func canonicalQuery(_ query: [(String, String)]) -> String {
        var pairs: [(String, String)] = []
        for (name, value) in query {
            pairs.append((URIEncoding.encode(name, keepSlash: false), URIEncoding.encode(value, keepSlash: false)))
        }
        pairs.sort { (a: (String, String), b: (String, String)) -> Bool in a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// The canonical request from an already canonical URI and query.
    public static func canonicalRequest(method: String, canonicalURI: String, canonicalQuery: String,
                                        headers: [(String, String)], payloadHash: String) -> String {
        String(decoding: canonicalRequestBytes(method: method, canonicalURI: canonicalURI, canonicalQuery: canonicalQuery,
                                               headers: headers, payloadHash: payloadHash), as: UTF8.self)
    }

    /// ``canonicalRequest(method:canonicalURI:canonicalQuery:headers:payloadHash:)`` as UTF-8 bytes, built
    /// without intermediate strings: a server hashes one for every request it checks.
    static func canonicalRequestBytes(method: String, canonicalURI: String, canonicalQuery: String,
                                      headers: [(String, String)], payloadHash: String) -> [UInt8] {
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical += method.utf8
        canonical.append(0x0a)
        canonical += canonicalURI.utf8
        canonical.append(0x0a)
        canonical += canonicalQuery.utf8
        canonical.append(0x0a)
        for (name, value) in headers {
            canonical += name.utf8
            canonical.append(UInt8(ascii: ":"))
            canonical += value.utf8
            canonical.append(0x0a)
        }
        canonical.append(0x0a)
        for (index, header) in headers.enumerated() {
            if index > 0 { canonical.append(UInt8(ascii: ";")) }
            canonical += header.0.utf8
        }
        canonical.append(0x0a)
        canonical += payloadHash.utf8
        return canonical
    }

    /// Whether `signature` (hex) signs the canonical request of these parts under the signing key `key`
    /// is keyed with: what ``stringToSign(amzDate:scope:canonicalRequest:)`` and ``signature(_:key:)``
    /// compute, in bytes.
    static func signs(
        _ signature: String, method: String, canonicalURI: String, canonicalQuery: String, headers: [(String, String)],
        payloadHash: String, amzDate: String, scope: String, key: HMAC<SHA256>
    ) -> Bool {
        let canonical = canonicalRequestBytes(method: method, canonicalURI: canonicalURI, canonicalQuery: canonicalQuery,
                                              headers: headers, payloadHash: payloadHash)
        var mac = key
        mac.update(data: stringToSignBytes(amzDate: amzDate, scope: scope, canonicalRequest: canonical))
        return constantTimeEqual(LowercaseHex.text(of: mac.finalize()), signature)
    }

    /// `AWS4-HMAC-SHA256 \n time \n scope \n hex(SHA-256(canonical request))`.
    public static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        String(decoding: stringToSignBytes(amzDate: amzDate, scope: scope, canonicalRequest: Array(canonicalRequest.utf8)),
               as: UTF8.self)
    }

    private static func stringToSignBytes(amzDate: String, scope: String, canonicalRequest: [UInt8]) -> [UInt8] {
        var text: [UInt8] = Array("AWS4-HMAC-SHA256\n".utf8)
        text.reserveCapacity(200)
        text += amzDate.utf8
        text.append(0x0a)
        text += scope.utf8
        text.append(0x0a)
        text += LowercaseHex.text(of: SHA256.hash(data: canonicalRequest)).utf8
        return text
    }

    /// The signature of one aws-chunked chunk, chained on the previous one (the seed for the first).
    public static func chunkSignature(key: SymmetricKey, amzDate: String, scope: String, previous: String,
                                      chunkSHA256: String) -> String {
        signature("AWS4-HMAC-SHA256-PAYLOAD\n\(amzDate)\n\(scope)\n\(previous)\n\(emptySHA256)\n\(chunkSHA256)", key: key)
    }

    /// The signature of the trailer block that follows the last chunk of a signed aws-chunked body.
    public static func trailerSignature(key: SymmetricKey, amzDate: String, scope: String, previous: String,
                                        trailers: String) -> String {
        signature("AWS4-HMAC-SHA256-TRAILER\n\(amzDate)\n\(scope)\n\(previous)\n\(sha256Hex(trailers.utf8))", key: key)
    }

    /// Header values as SigV4 canonicalises them: trimmed, inner runs of spaces folded to one.
    public static func canonicalHeaderValue(_ value: String) -> String {
        // Most values (dates, hashes, hosts) are canonical already: no tab, no space at either end, no two
        // spaces in a row. Checking the bytes is much cheaper than splitting and joining every value.
        var previous: UInt8 = UInt8(ascii: " ")
        var canonical = true
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\t") || (byte == UInt8(ascii: " ") && previous == UInt8(ascii: " ")) {
                canonical = false
                break
            }
            previous = byte
        }
        if canonical, previous != UInt8(ascii: " ") { return value }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Compares two signatures without leaking where they differ through timing.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
