import NIOHTTP1

/// The conditional headers of a read or copy, evaluated as RFC 7232 §6 orders them and S3 documents:
/// If-Match first (and when it holds, If-Unmodified-Since is ignored), then If-None-Match (when it
/// is present, If-Modified-Since is ignored).
struct S3Conditions {
    var ifMatch: String?
    var ifNoneMatch: String?
    var ifModifiedSince: Int?
    var ifUnmodifiedSince: Int?

    /// The plain conditional headers of GET and HEAD.
    init(headers: HTTPHeaders) {
        self.init(headers: headers, prefix: "")
    }

    /// The `x-amz-copy-source-if-*` headers of a copy.
    init(copySourceHeaders headers: HTTPHeaders) {
        self.init(headers: headers, prefix: "x-amz-copy-source-")
    }

    private init(headers: HTTPHeaders, prefix: String) {
        ifMatch = headers.first(name: prefix + "if-match")
        ifNoneMatch = headers.first(name: prefix + "if-none-match")
        ifModifiedSince = headers.first(name: prefix + "if-modified-since").flatMap(HTTPDate.parseRFC1123)
        ifUnmodifiedSince = headers.first(name: prefix + "if-unmodified-since").flatMap(HTTPDate.parseRFC1123)
    }

    /// Throws `PreconditionFailed` (412) or `NotModified` (304) when a condition fails; a copy (`copy`)
    /// answers every failed condition with 412, as S3 does for `x-amz-copy-source-if-*`.
    func evaluate(_ object: S3Object, copy: Bool = false) throws(S3Error) {
        if let ifMatch {
            guard Self.matches(ifMatch, object.etag) else { throw .preconditionFailed }
        } else if let ifUnmodifiedSince, object.lastModified / 1000 > ifUnmodifiedSince {
            throw .preconditionFailed
        }
        if let ifNoneMatch {
            if Self.matches(ifNoneMatch, object.etag) { throw copy ? .preconditionFailed : .notModified }
        } else if let ifModifiedSince, object.lastModified / 1000 <= ifModifiedSince {
            throw copy ? .preconditionFailed : .notModified
        }
    }

    /// Whether an `If-Match`-style list (`"a", "b"`, or `*`) names `etag`.
    static func matches(_ list: String, _ etag: String) -> Bool {
        let bare = etag.trimmingQuotes()
        return list.split(separator: ",").contains { candidate in
            let c = String(candidate.trimmingSpaces())
            return c == "*" || c.trimmingQuotes() == bare
        }
    }
}

extension String {
    /// The text without surrounding double quotes (and a weak `W/` marker), as ETags are compared.
    func trimmingQuotes() -> Substring {
        var s = Substring(self)
        if s.hasPrefix("W/") { s = s.dropFirst(2) }
        if s.hasPrefix("\"") { s = s.dropFirst() }
        if s.hasSuffix("\"") { s = s.dropLast() }
        return s
    }
}
