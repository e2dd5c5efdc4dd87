import Foundation

/// `contains`, or with `negated` WireMock's `doesNotContain`.
public struct ContainsMatcher: ValueMatcher {
    public let expected: String
    public let negated: Bool

    public init(_ expected: String, negated: Bool = false) {
        self.expected = expected
        self.negated = negated
    }

    public func match(_ value: String?) -> MatchResult {
        guard let value else { return .of(negated) }
        return .of(value.contains(expected) != negated)
    }

    public var operatorName: String { negated ? "doesNotContain" : "contains" }
    public var expectedValue: String { expected }
}
