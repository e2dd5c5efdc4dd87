/// The URI and query forms a signer may have put in its canonical request.
///
/// SigV4 says to sign the path and query re-encoded in AWS's way, and boto3, the aws cli and DuckDB do.
/// libcurl (`CURLOPT_AWS_SIGV4`, which the platform uses) signs the path and query as they were sent
/// instead, so `source=file/` is signed with a literal `=` and the query in the order it was written. The verifier tries the standard form first
/// and the as-sent forms only when they differ, so every signer that signs what it sends is accepted
/// and nothing unsigned is: each form still covers every byte of the request target.
struct SigV4CanonicalForms {
    /// The standard (canonical URI, canonical query), what every SigV4 signer by the book signs.
    let standard: (uri: String, query: String)
    private let rawURI: String?

    /// - Parameters:
    ///   - path: the decoded path.
    ///   - query: the decoded query pairs, without any presigned `X-Amz-Signature`.
    ///   - rawURI: the request-target as sent, if known.
    init(path: String, query: [(String, String)], rawURI: String?) {
        standard = (URIEncoding.encode(path, keepSlash: true), SigV4Signing.canonicalQuery(query))
        self.rawURI = rawURI
    }

    /// Candidate (canonical URI, canonical query) pairs, standard first, without duplicates. The as-sent
    /// forms are worked out only when asked for, that is when the standard form did not match.
    var candidates: [(uri: String, query: String)] {
        var candidates = [standard]
        if let rawURI {
            let mark = rawURI.firstIndex(of: "?")
            let rawPath = String(mark.map { rawURI[..<$0] } ?? Substring(rawURI))
            let rawQuery = mark.map { rawURI[rawURI.index(after: $0)...] } ?? ""
            let rawItems = rawQuery.split(separator: "&").map { item -> String in
                item.contains("=") ? String(item) : "\(item)="
            }.filter { !$0.hasPrefix("X-Amz-Signature=") }
            let sortedQuery = rawItems.sorted().joined(separator: "&")
            let sentQuery = rawItems.joined(separator: "&")
            for form in [(rawPath, standard.1), (standard.0, sortedQuery), (rawPath, sortedQuery), (rawPath, sentQuery)]
            where !candidates.contains(where: { $0 == form }) {
                candidates.append(form)
            }
        }
        return candidates
    }

    /// Whether `matches` holds for the standard form or, failing that, for one of the other candidates.
    func contains(where matches: ((uri: String, query: String)) -> Bool) -> Bool {
        matches(standard) || candidates.dropFirst().contains(where: matches)
    }
}
