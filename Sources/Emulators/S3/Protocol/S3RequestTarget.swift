/// Where a request points: bucket and key from the path (path-style) or from the Host header
/// (virtual-hosted style, `bucket.localhost:PORT`), plus the decoded query.
struct S3RequestTarget: Sendable {
    /// The decoded path exactly as sent, which SigV4 signs (virtual-host rewriting comes after).
    var signedPath: String
    /// The bucket, nil for service-level requests such as ListBuckets.
    var bucket: String?
    /// The object key, nil for bucket-level requests.
    var key: String?
    /// Decoded query pairs in request order (SigV4 signs them all).
    var query: [(String, String)]

    /// The domains under which `<bucket>.<domain>` names a bucket, as MinIO's `MINIO_DOMAIN` does.
    static let virtualHostDomains = ["s3.localhost", "localhost"]

    /// Parses a request-target and Host header; nil when the path or query is not valid percent-encoded UTF-8.
    init?(uri: String, host: String?) {
        let pathPart: Substring
        let queryPart: Substring?
        // Searched by byte, not by `Character`: every request's target goes through here.
        if let mark = uri.utf8.firstIndex(of: UInt8(ascii: "?")) {
            pathPart = uri[..<mark]
            queryPart = uri[uri.index(after: mark)...]
        } else {
            pathPart = Substring(uri)
            queryPart = nil
        }
        guard let path = URIEncoding.decode(pathPart), path.utf8.first == UInt8(ascii: "/") else { return nil }
        var query: [(String, String)] = []
        if let queryPart {
            for item in queryPart.split(separator: "&", omittingEmptySubsequences: true) {
                let name: Substring
                let value: Substring
                if let eq = item.firstIndex(of: "=") {
                    name = item[..<eq]
                    value = item[item.index(after: eq)...]
                } else {
                    name = item
                    value = ""
                }
                guard let n = URIEncoding.decode(name), let v = URIEncoding.decode(value) else { return nil }
                query.append((n, v))
            }
        }
        self.signedPath = path
        self.query = query
        let rest = path.dropFirst()
        if let bucket = Self.virtualHostBucket(host) {
            self.bucket = bucket
            self.key = rest.isEmpty ? nil : String(rest)
            self.isVirtualHosted = true
        } else if rest.isEmpty {
            self.bucket = nil
            self.key = nil
        } else if let slash = rest.utf8.firstIndex(of: UInt8(ascii: "/")) {
            self.bucket = String(rest[..<slash])
            let key = rest[rest.index(after: slash)...]
            self.key = key.isEmpty ? nil : String(key)
        } else {
            self.bucket = String(rest)
            self.key = nil
        }
    }

    /// The first value of query parameter `name`.
    func value(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    /// Whether query parameter `name` is present (with or without a value).
    func has(_ name: String) -> Bool { query.contains { $0.0 == name } }

    /// `/bucket` plus the path when the bucket came from the Host header: the resource SigV2 signs.
    var resourcePath: String? {
        guard isVirtualHosted, let bucket else { return nil }
        return "/\(bucket)\(signedPath)"
    }

    /// Whether the bucket was named by the Host header rather than the path.
    private(set) var isVirtualHosted = false

    /// `/bucket/key`, for the `<Resource>` of an error.
    var resource: String {
        guard let bucket else { return "/" }
        guard let key else { return "/\(bucket)" }
        return "/\(bucket)/\(key)"
    }

    private static func virtualHostBucket(_ host: String?) -> String? {
        // An IP literal (127.0.0.1:9000, [::1]:9000), how path-style clients usually address the server,
        // names no bucket: it is turned away by its bytes before anything is lowercased or cut.
        let isIPv4Literal = { (byte: UInt8) in byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || (0x30...0x39).contains(byte) }
        guard let given = host, given.utf8.first != UInt8(ascii: "["), !given.utf8.allSatisfy(isIPv4Literal) else { return nil }
        var host = given.lowercasedName
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") { host = String(host[..<colon]) }
        for domain in virtualHostDomains where host.hasSuffix("." + domain) {
            let bucket = String(host.dropLast(domain.count + 1))
            if !bucket.isEmpty, bucket != "s3" { return bucket }
        }
        return nil
    }
}
