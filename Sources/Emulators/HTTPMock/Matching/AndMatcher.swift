/// `and`: every sub-matcher must match.
public struct AndMatcher: ValueMatcher {
    public let matchers: [any ValueMatcher]

    public func match(_ value: String?) -> MatchResult {
        .aggregate(matchers.map { ($0.match(value), 1) })
    }

    public var description: String { matchers.map(\.description).joined(separator: " AND ") }
}
