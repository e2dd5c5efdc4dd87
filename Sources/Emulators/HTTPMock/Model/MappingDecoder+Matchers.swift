extension MappingDecoder {
    /// Modifiers that accompany an operator rather than being one.
    private static let modifiers: Set<String> = [
        "caseInsensitive", "ignoreArrayOrder", "ignoreExtraElements", "enablePlaceholders",
        "placeholderOpeningDelimiterRegex", "placeholderClosingDelimiterRegex", "serializeFormat",
        "xPathNamespaces", "exemptedComparisons",
    ]

    /// One string-value matcher such as `{"equalTo": "x", "caseInsensitive": true}`.
    static func valueMatcher(from json: MockJSON, pointer: String) throws(MappingError) -> any ValueMatcher {
        guard let members = json.objectMembers else {
            throw MappingError(pointer, "\(json.serialized) is not a valid match operation")
        }
        let operators = members.filter { !modifiers.contains($0.key) }
        guard operators.count == 1, let (name, operand) = operators.first.map({ ($0.key, $0.value) }) else {
            throw MappingError(pointer, "\(json.serialized) is not a valid match operation")
        }
        switch name {
        case "equalTo":
            return EqualToMatcher(try text(operand, name, pointer), caseInsensitive: json["caseInsensitive"]?.boolValue ?? false)
        case "contains":
            return ContainsMatcher(try text(operand, name, pointer))
        case "doesNotContain":
            return ContainsMatcher(try text(operand, name, pointer), negated: true)
        case "matches":
            return try regex(try text(operand, name, pointer), pointer: "\(pointer)/matches")
        case "doesNotMatch":
            return try regex(try text(operand, name, pointer), negated: true, pointer: "\(pointer)/doesNotMatch")
        case "absent":
            guard operand.boolValue == true else { throw MappingError("\(pointer)/absent", "absent must be true") }
            return AbsentMatcher()
        case "binaryEqualTo":
            do {
                return try BinaryEqualToMatcher(base64: try text(operand, name, pointer))
            } catch {
                throw MappingError("\(pointer)/binaryEqualTo", "binaryEqualTo must be base64")
            }
        case "equalToJson":
            let expected: MockJSON
            if let source = operand.stringValue {
                do { expected = try MockJSONParser.parse(source) } catch {
                    throw MappingError("\(pointer)/equalToJson", "equalToJson is not valid JSON: \(error)")
                }
            } else {
                expected = operand
            }
            return EqualToJsonMatcher(
                expected, ignoreArrayOrder: json["ignoreArrayOrder"]?.boolValue ?? false,
                ignoreExtraElements: json["ignoreExtraElements"]?.boolValue ?? false
            )
        case "matchesJsonPath":
            return try jsonPathMatcher(operand, pointer: "\(pointer)/matchesJsonPath")
        case "equalToXml":
            do {
                return try EqualToXmlMatcher(try text(operand, name, pointer))
            } catch {
                throw MappingError("\(pointer)/equalToXml", error.detail)
            }
        case "matchesXPath":
            return try xPathMatcher(operand, pointer: "\(pointer)/matchesXPath")
        case "and", "or":
            guard let values = operand.arrayValues, !values.isEmpty else {
                throw MappingError("\(pointer)/\(name)", "\(name) takes a non-empty array of matchers")
            }
            var matchers: [any ValueMatcher] = []
            for (position, value) in values.enumerated() {
                matchers.append(try valueMatcher(from: value, pointer: "\(pointer)/\(name)/\(position)"))
            }
            return name == "and" ? AndMatcher(matchers: matchers) : OrMatcher(matchers: matchers)
        case "not":
            return NotMatcher(matcher: try valueMatcher(from: operand, pointer: "\(pointer)/not"))
        default:
            throw MappingError(pointer, "\(json.serialized) is not a valid match operation")
        }
    }

    private static func text(_ operand: MockJSON, _ name: String, _ pointer: String) throws(MappingError) -> String {
        switch operand {
        case let .string(value): return value
        case let .number(value): return value
        case let .bool(value): return value ? "true" : "false"
        default: throw MappingError("\(pointer)/\(name)", "\(name) takes a string")
        }
    }

    private static func xPathMatcher(_ operand: MockJSON, pointer: String) throws(MappingError) -> XPathMatcher {
        let (expression, subMatcher) = try pathOperand(operand, pointer: pointer, name: "matchesXPath", extraKeys: ["xPathNamespaces"])
        do {
            return XPathMatcher(try XPathExpression(expression), valueMatcher: subMatcher)
        } catch {
            throw MappingError(pointer, "\(expression): \(error)")
        }
    }

    private static func jsonPathMatcher(_ operand: MockJSON, pointer: String) throws(MappingError) -> JSONPathMatcher {
        let (expression, subMatcher) = try pathOperand(operand, pointer: pointer, name: "matchesJsonPath")
        do {
            return JSONPathMatcher(try JSONPath(expression), valueMatcher: subMatcher)
        } catch {
            throw MappingError(pointer, "\(expression): \(error)")
        }
    }

    /// The operand of `matchesXPath` / `matchesJsonPath`: either the expression alone, or an object with
    /// `expression` and, besides it (and `extraKeys`), an optional matcher for the value it selects.
    private static func pathOperand(
        _ operand: MockJSON, pointer: String, name: String, extraKeys: [String] = []
    ) throws(MappingError) -> (expression: String, subMatcher: (any ValueMatcher)?) {
        if let text = operand.stringValue { return (text, nil) }
        guard let text = operand["expression"]?.stringValue else { throw MappingError(pointer, "\(name) takes an expression") }
        let rest = extraKeys.reduce(operand.removing("expression")) { $0.removing($1) }
        guard rest.objectMembers?.isEmpty == false else { return (text, nil) }
        return (text, try valueMatcher(from: rest, pointer: pointer))
    }
}
