import Contracts
import Crypto
import Foundation
import Synchronization

/// Signs S3 requests with AWS Signature Version 4 (header form), keeping the day's signing key.
///
/// ``S3Client`` lets libcurl sign each request (`CURLOPT_AWS_SIGV4`). That is fine for one request at a
/// time, but libcurl 7.88 derives the signing key afresh (four HMACs) and writes every hex digit through
/// its own printf for each request, which made signing the largest cost of a small PUT on the client
/// side. ``S3BatchUploader``, which sends a PUT per stream message, signs with this instead: the signing
/// key depends only on the secret, the day, the region and the service, so it is derived once a day,
/// and each request then costs two SHA-256 hashes and one HMAC.
///
/// Every header given is signed, together with `host` and `x-amz-date`, which the signer adds. The
/// request must carry `x-amz-content-sha256`, whose value is the payload hash that is signed.
final class SigV4RequestSigner: Sendable {
    private let accessKey: String
    private let secretKey: String
    private let region: String
    private let service: String
    private let cache = Mutex(Cache())
    /// `/<region>/<service>/aws4_request`, the credential scope after its day.
    private let scopeSuffix: [UInt8]

    /// The signing key of the last day used and the `x-amz-date` of the last second used.
    private struct Cache {
        var day: [UInt8] = []
        /// An HMAC already keyed with the day's signing key: copying it skips hashing the key's pads again.
        var keyed = HMAC<SHA256>(key: SymmetricKey(size: .bits256))
        var second = -1
        var amzDate: [UInt8] = []
    }

    /// Creates a signer for `signature`'s credentials and scope.
    init(_ signature: AWSSignature) {
        accessKey = signature.accessKey
        secretKey = signature.secretKey
        region = signature.region
        service = signature.service
        scopeSuffix = Array("/\(signature.region)/\(signature.service)/aws4_request".utf8)
    }

    /// `request` with `Host`, `x-amz-date` and `Authorization` headers added and libcurl's own signing
    /// turned off. `host` is the URL's authority as sent in `Host`; `path` and `query` are the URL's
    /// path and query, percent-encoded as SigV4's canonical form wants them (query sorted by name).
    func sign(_ request: HTTPRequest, host: String, path: String, query: String, now: Date = Date()) -> HTTPRequest {
        let (amzDate, keyed) = dateAndKey(at: now)
        // Names lowercased and values trimmed as the canonical form wants them, as bytes: this runs per PUT.
        var headers = request.headers.map { (name: Self.lowercased($0.name), value: Self.trimmed($0.value)) }
        headers.append((name: Array("host".utf8), value: Array(host.utf8)))
        headers.append((name: Array("x-amz-date".utf8), value: amzDate))
        headers.sort { $0.name.lexicographicallyPrecedes($1.name) }
        let payloadHash = headers.first { $0.name.elementsEqual("x-amz-content-sha256".utf8) }?.value ?? Array("UNSIGNED-PAYLOAD".utf8)
        var names: [UInt8] = []
        for header in headers {
            if !names.isEmpty { names.append(UInt8(ascii: ";")) }
            names += header.name
        }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical += request.method.utf8
        canonical.append(0x0a)
        canonical += path.utf8
        canonical.append(0x0a)
        canonical += query.utf8
        canonical.append(0x0a)
        for header in headers {
            canonical += header.name
            canonical.append(UInt8(ascii: ":"))
            canonical += header.value
            canonical.append(0x0a)
        }
        canonical.append(0x0a)
        canonical += names
        canonical.append(0x0a)
        canonical += payloadHash

        var scope = Array(amzDate.prefix(8))
        scope += scopeSuffix
        var stringToSign: [UInt8] = Array("AWS4-HMAC-SHA256\n".utf8)
        stringToSign.reserveCapacity(160)
        stringToSign += amzDate
        stringToSign.append(0x0a)
        stringToSign += scope
        stringToSign.append(0x0a)
        stringToSign += LowercaseHex.text(of: SHA256.hash(data: canonical)).utf8
        var mac = keyed
        mac.update(data: stringToSign)
        let signature = LowercaseHex.text(of: mac.finalize())

        var authorization: [UInt8] = Array("AWS4-HMAC-SHA256 Credential=".utf8)
        authorization.reserveCapacity(256)
        authorization += accessKey.utf8
        authorization.append(UInt8(ascii: "/"))
        authorization += scope
        authorization += ", SignedHeaders=".utf8
        authorization += names
        authorization += ", Signature=".utf8
        authorization += signature.utf8
        var signed = request
        signed.signature = nil
        signed.headers += [
            (name: "Host", value: host), (name: "x-amz-date", value: String(decoding: amzDate, as: UTF8.self)),
            (name: "Authorization", value: String(decoding: authorization, as: UTF8.self)),
        ]
        return signed
    }

    /// `x-amz-date` for `now` (`yyyyMMddTHHmmssZ`) and the signing key of its day, derived when the day changes.
    private func dateAndKey(at now: Date) -> (amzDate: [UInt8], keyed: HMAC<SHA256>) {
        let second = Int(now.timeIntervalSince1970.rounded(.down))
        return cache.withLock { cache in
            if cache.second != second {
                cache.second = second
                cache.amzDate = Self.amzDate(second)
                let day = Array(cache.amzDate.prefix(8))
                if day != cache.day {
                    cache.day = day
                    cache.keyed = HMAC<SHA256>(key: signingKey(day: day))
                }
            }
            return (cache.amzDate, cache.keyed)
        }
    }

    /// `kSigning` of SigV4: the secret chained through the day, region, service and `aws4_request`.
    private func signingKey(day: [UInt8]) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secretKey)".utf8))
        for part in [day, Array(region.utf8), Array(service.utf8), Array("aws4_request".utf8)] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: part, using: key)))
        }
        return key
    }

    /// `yyyyMMddTHHmmssZ` of a time in seconds since the epoch, in UTC.
    private static func amzDate(_ seconds: Int) -> [UInt8] {
        var time = time_t(seconds)
        var fields = tm()
        gmtime_r(&time, &fields)
        var text: [UInt8] = []
        text.reserveCapacity(16)
        func append(_ value: Int32, digits: Int) {
            var divisor: Int32 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(fields.tm_year + 1900, digits: 4)
        append(fields.tm_mon + 1, digits: 2)
        append(fields.tm_mday, digits: 2)
        text.append(UInt8(ascii: "T"))
        append(fields.tm_hour, digits: 2)
        append(fields.tm_min, digits: 2)
        append(fields.tm_sec, digits: 2)
        text.append(UInt8(ascii: "Z"))
        return text
    }

    /// A header name in lowercase ASCII, as SigV4 lists it.
    private static func lowercased(_ name: String) -> [UInt8] {
        name.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
    }

    /// A header value as SigV4 canonicalises it: no leading or trailing blanks (values here are single-spaced).
    private static func trimmed(_ value: String) -> [UInt8] {
        let bytes = Array(value.utf8)
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else { return [] }
        return Array(bytes[first...last])
    }
}
