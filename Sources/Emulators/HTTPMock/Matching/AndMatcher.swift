/// `and`: every sub-matcher must match.
public struct AndMatcher: ValueMatcher {
    public let matchers: [any ValueMatcher]

    public func match(_ value: String?) -> MatchResult {
        .aggregate(matchers.map { ($0.match(value), 1) })
    }

    public var operatorName: String { "and" }
    /// WireMock's report shows the first operand.
    public var expectedValue: String { matchers.first?.expectedValue ?? "" }
}
