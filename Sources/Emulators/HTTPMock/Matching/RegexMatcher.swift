import Foundation

/// `matches` / `doesNotMatch`: a Java-style regular expression that must match the whole value.
///
/// `NSRegularExpression` (ICU) accepts the same syntax as `java.util.regex` for everything stubs
/// commonly use; the pattern is anchored with `\A(?:…)\z` because Java's `Matcher.matches()` is a
/// whole-string match.
public struct RegexMatcher: ValueMatcher {
    public let pattern: String
    public let negated: Bool
    private let regex: NSRegularExpression

    /// Compiles `pattern`; throws if it is not a valid expression so the mapping is refused at load.
    public init(_ pattern: String, negated: Bool = false) throws {
        self.pattern = pattern
        self.negated = negated
        self.regex = try NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z", options: [])
    }

    /// Whether the whole of `value` matches.
    public func matchesWhole(_ value: String) -> Bool {
        regex.firstMatch(in: value, options: [], range: NSRange(value.startIndex..., in: value)) != nil
    }

    public func match(_ value: String?) -> MatchResult {
        guard let value else { return .of(negated) }
        return .of(matchesWhole(value) != negated)
    }

    public var operatorName: String { negated ? "doesNotMatch" : "matches" }
    public var expectedValue: String { pattern }
}
