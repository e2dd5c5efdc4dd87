/// `matchesXPath`: alone, the XPath expression must select something in the XML value; with a
/// sub-matcher (`{"expression": "//id/text()", "equalTo": "7"}`), one selected node must match:
/// text and attributes by value, elements by their text, or as XML when they hold other elements.
public struct XPathMatcher: ValueMatcher {
    public let path: XPathExpression
    public let valueMatcher: (any ValueMatcher)?

    public init(_ path: XPathExpression, valueMatcher: (any ValueMatcher)? = nil) {
        self.path = path
        self.valueMatcher = valueMatcher
    }

    public func match(_ value: String?) -> MatchResult {
        guard let value, let document = XMLTreeParser.parse(value) else { return .noMatch }
        let items = path.evaluate(document)
        guard let valueMatcher else { return .of(!items.isEmpty) }
        let results = items.map { item in
            switch item {
            case let .string(text): valueMatcher.match(text)
            case let .element(element): valueMatcher.match(element.elements.isEmpty ? element.stringValue : element.serialized)
            }
        }
        if results.contains(where: \.isExactMatch) { return .exactMatch }
        return MatchResult(isExactMatch: false) { results.map(\.distance).min() ?? 1 }
    }

    public var operatorName: String { "matchesXPath" }

    public var expectedValue: String {
        valueMatcher.map { "\(path.expression) [\($0.operatorName)] \($0.expectedValue)" } ?? path.expression
    }
}
