/// A `urlPathTemplate` such as `/contacts/{contactId}/addresses/{addressId}` (RFC 6570 level 1 path
/// variables, one segment each), which both matches a path and names its variables for
/// `pathParameters` matchers and templates.
public struct PathTemplate: Sendable {
    enum Segment: Sendable {
        case literal(String)
        case variable(String)
    }

    public let template: String
    let segments: [Segment]

    public init(_ template: String) {
        self.template = template
        self.segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{"), part.hasSuffix("}") { return .variable(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
    }

    /// The variables' values if `path` fits the template, nil otherwise.
    public func parameters(of path: String) -> [String: String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard parts.count == segments.count, path.hasPrefix("/") else { return nil }
        var values: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case let .literal(text):
                guard text == part else { return nil }
            case let .variable(name):
                guard !part.isEmpty else { return nil }
                values[name] = String(part).removingPercentEncoding ?? String(part)
            }
        }
        return values
    }

    /// The variable names, in order.
    public var variableNames: [String] {
        segments.compactMap { if case let .variable(name) = $0 { name } else { nil } }
    }
}
