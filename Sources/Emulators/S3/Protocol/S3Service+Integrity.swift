import Contracts
import Crypto
import NIOCore
import NIOHTTP1

extension S3Service {
    /// Checks `Content-MD5` and any `x-amz-checksum-*` header or trailer against the received body.
    ///
    /// - Returns: the body's MD5 (for the ETag) and the verified checksums, to store and echo.
    func verifyIntegrity(_ request: S3Request) throws(S3Error) -> (md5: [UInt8], checksums: [S3ChecksumAlgorithm: String]) {
        let md5 = request.staged?.md5 ?? request.body.md5
        if let given = request.header("content-md5") {
            guard let digest = Base64.decode(given.trimmingCharacters()), digest.count == 16 else { throw .invalidDigest }
            guard digest == md5 else { throw .badDigest }
        }
        var checksums: [S3ChecksumAlgorithm: String] = [:]
        for algorithm in S3ChecksumAlgorithm.allCases {
            guard let given = request.header(algorithm.headerName) ?? request.trailers[algorithm.headerName] else { continue }
            guard let raw = Base64.decode(given), raw.count == algorithm.digestLength else {
                throw .invalidChecksum(algorithm)
            }
            let actual = request.staged.map { $0.checksum(algorithm) }
                ?? algorithm.base64Digest(of: request.body.readableBytesView)
            guard actual == given else { throw .checksumMismatch(algorithm) }
            checksums[algorithm] = given
        }
        return (md5, checksums)
    }

    /// Content type, standard headers and user metadata as given on an upload (the first of a repeated
    /// header counts), in one pass over the headers.
    static func objectAttributes(from headers: HTTPHeaders) -> (contentType: String, standard: [String: String], metadata: [String: String]) {
        var standard: [String: String] = [:]
        var metadata: [String: String] = [:]
        var contentType: String?
        for (name, value) in headers {
            let lower = name.lowercasedName
            if lower == "content-type" {
                contentType = contentType ?? value
            } else if lower.hasPrefix("x-amz-meta-") {
                metadata[String(lower.dropFirst("x-amz-meta-".count))] = value
            } else if standard[lower] == nil, S3Object.standardHeaderNames.contains(lower) {
                standard[lower] = value
            }
        }
        if let encoding = standard["content-encoding"] {
            let kept = encoding.split(separator: ",").map { $0.trimmingSpaces() }.filter { $0 != "aws-chunked" }.joined(separator: ",")
            standard["content-encoding"] = kept.isEmpty ? nil : kept
        }
        return (contentType ?? "binary/octet-stream", standard, metadata)
    }

    /// The ETag S3 gives a single-part object: its MD5, quoted.
    static func etag(md5: [UInt8]) -> String { "\"\(LowercaseHex.text(of: md5))\"" }
}

extension S3ChecksumAlgorithm {
    /// The raw length of the digest, to tell a malformed value from a wrong one.
    var digestLength: Int {
        switch self {
        case .crc32, .crc32c: 4
        case .sha1: 20
        case .sha256: 32
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    func trimmingCharacters() -> String { String(Substring(self).trimmingSpaces()) }
}
