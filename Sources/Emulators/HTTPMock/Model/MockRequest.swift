import Foundation

/// One HTTP request as the stub server sees it: what matchers test, templates read and the journal keeps.
public struct MockRequest: Sendable {
    public let id: UUID
    public let method: String
    /// The request target as sent: path plus query string, still percent-encoded.
    public let url: String
    /// `url` without its query string.
    public let path: String
    /// The query parameters in order, names and values percent-decoded.
    public let query: [(name: String, value: String)]
    /// Header fields in arrival order, names as the client spelled them.
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]
    public let clientIP: String
    /// The `Host` header or the server's own address, for `absoluteUrl`.
    public let host: String
    public let loggedDate: Date

    public init(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8],
        clientIP: String = "127.0.0.1", host: String = "localhost", loggedDate: Date = Date(), id: UUID = UUID()
    ) {
        self.id = id
        self.method = method
        self.url = url
        let queryStart = url.firstIndex(of: "?")
        self.path = queryStart.map { String(url[..<$0]) } ?? url
        self.query = queryStart.map { FormDecoding.pairs(String(url[url.index(after: $0)...])) } ?? []
        self.headers = headers
        self.body = body
        self.clientIP = clientIP
        self.host = host
        self.loggedDate = loggedDate
    }

    /// All values of a header, names compared without case as RFC 9110 requires.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// All values of a query parameter.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    /// The body as UTF-8 text (invalid sequences replaced), which is what string matchers compare.
    public var bodyString: String { String(decoding: body, as: UTF8.self) }

    /// Cookies from every `Cookie` header, by name.
    public var cookies: [(name: String, value: String)] {
        headerValues("Cookie").flatMap { header in
            header.split(separator: ";").compactMap { pair -> (name: String, value: String)? in
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                guard let equals = trimmed.firstIndex(of: "=") else { return nil }
                return (String(trimmed[..<equals]), String(trimmed[trimmed.index(after: equals)...]))
            }
        }
    }

    /// Form fields of an `application/x-www-form-urlencoded` body.
    public var formParameters: [(name: String, value: String)] {
        FormDecoding.pairs(bodyString)
    }

    /// The path split on `/`, empty segments dropped, each percent-decoded.
    public var pathSegments: [String] {
        path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }
}

/// Splitting and decoding of `a=1&b=2` strings, shared by query strings and form bodies.
enum FormDecoding {
    static func pairs(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(pieces[0])
            let value = pieces.count > 1 ? decode(pieces[1]) : ""
            return (name, value)
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
