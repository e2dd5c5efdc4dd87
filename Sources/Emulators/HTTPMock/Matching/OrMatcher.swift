/// `or`: at least one sub-matcher must match.
public struct OrMatcher: ValueMatcher {
    public let matchers: [any ValueMatcher]

    public func match(_ value: String?) -> MatchResult {
        let results = matchers.map { $0.match(value) }
        if results.contains(where: \.isExactMatch) { return .exactMatch }
        return MatchResult(isExactMatch: false) { results.map(\.distance).min() ?? 1 }
    }

    public var description: String { matchers.map(\.description).joined(separator: " OR ") }
}
