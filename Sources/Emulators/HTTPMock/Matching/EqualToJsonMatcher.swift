/// `equalToJson`: the value parses as JSON equal to the expectation, with WireMock's options
/// `ignoreArrayOrder` and `ignoreExtraElements`, and JsonUnit placeholders in the expectation
/// (`${json-unit.ignore}`, `${json-unit.any-string}`, `${json-unit.any-number}`,
/// `${json-unit.any-boolean}`, `${json-unit.regex}…`).
public struct EqualToJsonMatcher: ValueMatcher {
    public let expected: MockJSON
    public let ignoreArrayOrder: Bool
    public let ignoreExtraElements: Bool

    public init(_ expected: MockJSON, ignoreArrayOrder: Bool = false, ignoreExtraElements: Bool = false) {
        self.expected = expected
        self.ignoreArrayOrder = ignoreArrayOrder
        self.ignoreExtraElements = ignoreExtraElements
    }

    public func match(_ value: String?) -> MatchResult {
        guard let value, let actual = try? MockJSONParser.parse(value) else { return .noMatch }
        let matched = equal(expected, actual)
        let expectedText = expected.serialized
        return MatchResult(isExactMatch: matched) { StringDistance.normalized(expectedText, actual.serialized) }
    }

    private func equal(_ expected: MockJSON, _ actual: MockJSON) -> Bool {
        if case let .string(text) = expected, text.hasPrefix("${json-unit.") {
            return placeholder(text, accepts: actual)
        }
        switch (expected, actual) {
        case let (.object(wanted), .object(given)):
            if !ignoreExtraElements, Set(wanted.map(\.key)) != Set(given.map(\.key)) { return false }
            return wanted.allSatisfy { member in
                guard let other = given.last(where: { $0.key == member.key })?.value else {
                    return member.value == .string("${json-unit.ignore}")
                }
                return equal(member.value, other)
            }
        case let (.array(wanted), .array(given)):
            if ignoreArrayOrder { return unorderedEqual(wanted, given) }
            if ignoreExtraElements, wanted.count < given.count {
                return zip(wanted, given).allSatisfy { equal($0, $1) }
            }
            return wanted.count == given.count && zip(wanted, given).allSatisfy { equal($0, $1) }
        default:
            return expected == actual
        }
    }

    /// Each expected element pairs with a distinct actual one; extras are allowed only with `ignoreExtraElements`.
    private func unorderedEqual(_ wanted: [MockJSON], _ given: [MockJSON]) -> Bool {
        if !ignoreExtraElements, wanted.count != given.count { return false }
        var remaining = given
        for element in wanted {
            guard let position = remaining.firstIndex(where: { equal(element, $0) }) else { return false }
            remaining.remove(at: position)
        }
        return true
    }

    private func placeholder(_ text: String, accepts actual: MockJSON) -> Bool {
        switch text {
        case "${json-unit.ignore}", "${json-unit.any-value}": return true
        case "${json-unit.any-string}": return actual.stringValue != nil
        case "${json-unit.any-number}": return actual.doubleValue != nil
        case "${json-unit.any-boolean}": return actual.boolValue != nil
        default:
            let prefix = "${json-unit.regex}"
            guard text.hasPrefix(prefix), let regex = try? RegexMatcher(String(text.dropFirst(prefix.count))) else {
                return actual == .string(text)
            }
            let rendered = actual.stringValue ?? actual.serialized
            return regex.matchesWhole(rendered)
        }
    }

    public var operatorName: String { "equalToJson" }
    public var expectedValue: String { expected.prettySerialized }
}
