/// `absent: true`: the part must be missing from the request.
public struct AbsentMatcher: ValueMatcher {
    public init() {}

    public func match(_ value: String?) -> MatchResult { .of(value == nil) }

    public var operatorName: String { "absent" }
    public var expectedValue: String { "(absent)" }
}
