import Foundation

/// Everything a stub requires of a request. All parts must match; the graded result of each part
/// is kept so an unmatched request can be shown next to its closest stubs.
public struct RequestPattern: Sendable {
    /// nil or `ANY` accepts every method.
    public var method: String?
    public var url: URLMatcher = .any
    public var pathParameters: [(name: String, matcher: any ValueMatcher)] = []
    public var queryParameters: [(name: String, matcher: MultiValueMatcher)] = []
    public var headers: [(name: String, matcher: MultiValueMatcher)] = []
    public var cookies: [(name: String, matcher: any ValueMatcher)] = []
    public var formParameters: [(name: String, matcher: MultiValueMatcher)] = []
    public var bodyPatterns: [any ValueMatcher] = []

    public init() {}

    /// One tested part of the request, for the near-miss report.
    public struct Part: Sendable {
        /// What the stub expects, as printed in the report's left column.
        public let expected: String
        /// What the request had, as printed in the right column.
        public let actual: String
        public let result: MatchResult
        /// The reason printed when the part does not match, e.g. `URL does not match`.
        public let failure: String
        let weight: Double
        /// Body parts are shown one at a time, the first that fails, as WireMock does.
        var isBody = false
        /// WireMock 2.35 marks an `absent` query parameter that is indeed absent as "not present";
        /// the report copies that so its output reads the same.
        var markedEvenIfMatched = false
    }

    /// Whether `request` satisfies every part. Cheaper than ``match(_:)``: it stops at the first miss.
    /// It builds no report lines, since it runs for every stub on every request.
    public func matches(_ request: MockRequest) -> Bool {
        if let method, method != "ANY", method != request.method { return false }
        guard url.matches(request) else { return false }
        if case let .urlPathTemplate(template) = url, !pathParameters.isEmpty {
            let values = template.parameters(of: request.path) ?? [:]
            guard pathParameters.allSatisfy({ $0.matcher.match(values[$0.name]).isExactMatch }) else { return false }
        }
        guard headers.allSatisfy({ $0.matcher.match(request.headerValues($0.name)).isExactMatch }),
              queryParameters.allSatisfy({ $0.matcher.match(request.queryValues($0.name)).isExactMatch }) else { return false }
        if !cookies.isEmpty {
            let sent = request.cookies
            guard cookies.allSatisfy({ cookie in cookie.matcher.match(sent.last { $0.name == cookie.name }?.value).isExactMatch }) else { return false }
        }
        if !formParameters.isEmpty {
            let fields = request.formParameters
            guard formParameters.allSatisfy({ field in field.matcher.match(fields.filter { $0.name == field.name }.map(\.value)).isExactMatch })
            else { return false }
        }
        if !bodyPatterns.isEmpty {
            let body = request.bodyString
            return bodyPatterns.allSatisfy { matcher in
                ((matcher as? BinaryEqualToMatcher)?.match(bytes: request.body) ?? matcher.match(body)).isExactMatch
            }
        }
        return true
    }

    /// The graded result over all parts, URL weighted most, as WireMock weighs them.
    public func match(_ request: MockRequest) -> MatchResult {
        .aggregate(details(of: request).map { ($0.result, $0.weight) })
    }

    /// Every part with its result, method and URL first.
    public func details(of request: MockRequest) -> [Part] {
        let methodResult: MatchResult = method == nil || method == "ANY"
            ? .exactMatch
            : EqualToMatcher(method ?? "").match(request.method)
        let head = [
            Part(expected: method ?? "ANY", actual: request.method, result: methodResult,
                 failure: "HTTP method does not match", weight: 3),
            Part(expected: url.description, actual: request.url, result: url.match(request),
                 failure: "URL does not match", weight: 10),
        ]
        return head + parts(of: request)
    }

    private func parts(of request: MockRequest) -> [Part] {
        var parts: [Part] = []
        if case let .urlPathTemplate(template) = url {
            let values = template.parameters(of: request.path) ?? [:]
            for (name, matcher) in pathParameters {
                let value = values[name]
                parts.append(Part(expected: "Path parameter: \(name) \(Self.operation(matcher.operatorName, matcher.expectedValue))",
                                  actual: value.map { "\(name): \($0)" } ?? "", result: matcher.match(value),
                                  failure: "Path parameter does not match", weight: 1))
            }
        }
        for (name, matcher) in headers {
            let values = request.headerValues(name)
            let expected = matcher.operatorName == "equalTo"
                ? "\(name): \(matcher.expectedValue)" : "\(name) [\(matcher.operatorName)] : \(matcher.expectedValue)"
            parts.append(Part(expected: expected, actual: values.isEmpty ? "" : "\(name): \(values.joined(separator: ", "))",
                              result: matcher.match(values), failure: "Header does not match", weight: 1))
        }
        for (name, matcher) in queryParameters {
            let values = request.queryValues(name)
            let operand = matcher.operatorName == "absent" ? "null" : matcher.expectedValue
            var part = Part(expected: "Query: \(name) \(Self.operation(matcher.operatorName, operand))",
                            actual: values.isEmpty ? "" : "\(name): \(values.joined(separator: ", "))",
                            result: matcher.match(values),
                            failure: values.isEmpty ? "Query is not present" : "Query does not match", weight: 1)
            part.markedEvenIfMatched = values.isEmpty
            parts.append(part)
        }
        if !cookies.isEmpty {
            let sent = request.cookies
            for (name, matcher) in cookies {
                let value = sent.last { $0.name == name }?.value
                let expected = matcher.operatorName == "equalTo"
                    ? "Cookie: \(name)=\(matcher.expectedValue)" : "Cookie: \(name) [\(matcher.operatorName)] \(matcher.expectedValue)"
                parts.append(Part(expected: expected, actual: value ?? "", result: matcher.match(value),
                                  failure: "Cookie does not match", weight: 1))
            }
        }
        if !formParameters.isEmpty {
            let fields = request.formParameters
            for (name, matcher) in formParameters {
                let values = fields.filter { $0.name == name }.map(\.value)
                parts.append(Part(expected: "Form: \(name) \(Self.operation(matcher.operatorName, matcher.expectedValue))",
                                  actual: values.isEmpty ? "" : "\(name): \(values.joined(separator: ", "))",
                                  result: matcher.match(values), failure: "Form field does not match", weight: 1))
            }
        }
        if !bodyPatterns.isEmpty {
            let body = request.bodyString
            for matcher in bodyPatterns {
                let result = (matcher as? BinaryEqualToMatcher)?.match(bytes: request.body) ?? matcher.match(body)
                parts.append(Part(expected: matcher.expectedValue, actual: Self.bodyAsShown(body, for: matcher), result: result,
                                  failure: "Body does not match", weight: 1, isBody: true))
            }
        }
        return parts
    }

    /// `= value` for `equalTo`, `[operator] value` otherwise, as the report prints query parameters.
    private static func operation(_ name: String, _ operand: String) -> String {
        name == "equalTo" ? "= \(operand)" : "[\(name)] \(operand)"
    }

    /// The body as the report shows it beside `matcher`: pretty JSON beside a JSON expectation,
    /// the value found beside a JsonPath with a sub-matcher, otherwise as sent.
    private static func bodyAsShown(_ body: String, for matcher: any ValueMatcher) -> String {
        if matcher is EqualToJsonMatcher, let document = try? MockJSONParser.parse(body) { return document.prettySerialized }
        if let jsonPath = matcher as? JSONPathMatcher, let found = jsonPath.found(in: body) { return found }
        return body
    }
}
