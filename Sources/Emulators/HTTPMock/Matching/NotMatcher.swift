/// `not`: the sub-matcher must not match.
public struct NotMatcher: ValueMatcher {
    public let matcher: any ValueMatcher

    public func match(_ value: String?) -> MatchResult { .of(!matcher.match(value).isExactMatch) }

    public var operatorName: String { "not" }
    public var expectedValue: String { matcher.description }
}
