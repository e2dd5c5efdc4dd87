/// `or`: at least one sub-matcher must match.
public struct OrMatcher: ValueMatcher {
    public let matchers: [any ValueMatcher]

    public func match(_ value: String?) -> MatchResult {
        let results = matchers.map { $0.match(value) }
        if results.contains(where: \.isExactMatch) { return .exactMatch }
        return MatchResult(isExactMatch: false) { results.map(\.distance).min() ?? 1 }
    }

    public var operatorName: String { "or" }
    /// WireMock's report shows the first operand.
    public var expectedValue: String { matchers.first?.expectedValue ?? "" }
}
