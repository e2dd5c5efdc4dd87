/// `matchesJsonPath`: alone, the path must find something in the JSON value; with a sub-matcher
/// (`{"expression": "$.a", "equalTo": "x"}`), what it finds must satisfy that matcher.
public struct JSONPathMatcher: ValueMatcher {
    public let path: JSONPath
    public let valueMatcher: (any ValueMatcher)?

    public init(_ path: JSONPath, valueMatcher: (any ValueMatcher)? = nil) {
        self.path = path
        self.valueMatcher = valueMatcher
    }

    public func match(_ value: String?) -> MatchResult {
        guard let value, let document = try? MockJSONParser.parse(value), let found = path.evaluate(document) else {
            return .noMatch
        }
        guard let valueMatcher else {
            if case let .array(values) = found, path.isIndefinite { return .of(!values.isEmpty) }
            return .of(found != .null)
        }
        // An indefinite path matches when any one result does, or when the list as a whole does.
        if path.isIndefinite, case let .array(values) = found {
            let results = values.map { valueMatcher.match(Self.text(of: $0)) }
            if results.contains(where: \.isExactMatch) { return .exactMatch }
            let whole = valueMatcher.match(found.serialized)
            return whole.isExactMatch ? whole : MatchResult(isExactMatch: false) { results.map(\.distance).min() ?? 1 }
        }
        return valueMatcher.match(Self.text(of: found))
    }

    /// Strings as they are, numbers and booleans as literals, objects and arrays as JSON.
    static func text(of value: MockJSON) -> String {
        switch value {
        case let .string(text): text
        case let .number(text): text
        case let .bool(flag): flag ? "true" : "false"
        case .null: "null"
        default: value.serialized
        }
    }

    public var operatorName: String { "matchesJsonPath" }

    /// `$.user.name [equalTo] ada`, as WireMock's report prints it.
    public var expectedValue: String {
        valueMatcher.map { "\(path.expression) [\($0.operatorName)] \($0.expectedValue)" } ?? path.expression
    }

    /// What the path finds in `body`, for the report's request column.
    func found(in body: String) -> String? {
        guard valueMatcher != nil, let document = try? MockJSONParser.parse(body), let value = path.evaluate(document) else { return nil }
        return Self.text(of: value)
    }
}
