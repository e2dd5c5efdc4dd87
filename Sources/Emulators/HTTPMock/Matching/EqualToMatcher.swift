/// `equalTo`, optionally `caseInsensitive`.
public struct EqualToMatcher: ValueMatcher {
    public let expected: String
    public let caseInsensitive: Bool

    public init(_ expected: String, caseInsensitive: Bool = false) {
        self.expected = expected
        self.caseInsensitive = caseInsensitive
    }

    public func match(_ value: String?) -> MatchResult {
        guard let value else { return .noMatch }
        let matched = caseInsensitive
            ? value.caseInsensitiveCompare(expected) == .orderedSame
            : value == expected
        let expected = expected
        return MatchResult(isExactMatch: matched) { StringDistance.normalized(expected, value) }
    }

    public var operatorName: String { caseInsensitive ? "equalToIgnoreCase" : "equalTo" }
    public var expectedValue: String { expected }
}
