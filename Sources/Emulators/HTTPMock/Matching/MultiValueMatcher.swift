/// How a multi-valued request part (a query parameter, a header, a form field) is tested.
///
/// A single matcher passes if any one value matches (WireMock 2's rule, and absence is tested as a
/// missing value); `hasExactly` needs every value to be matched one-to-one, `includes` needs each
/// listed matcher to match some value (WireMock 3).
public enum MultiValueMatcher: Sendable {
    case single(any ValueMatcher)
    case hasExactly([any ValueMatcher])
    case includes([any ValueMatcher])

    public func match(_ values: [String]) -> MatchResult {
        switch self {
        case let .single(matcher):
            if values.isEmpty { return matcher.match(nil) }
            let results = values.map { matcher.match($0) }
            if let exact = results.first(where: \.isExactMatch) { return exact }
            return MatchResult(isExactMatch: false) { results.map(\.distance).min() ?? 1 }
        case let .hasExactly(matchers):
            guard values.count == matchers.count else { return .noMatch }
            return .of(matchers.allSatisfy { matcher in values.contains { matcher.match($0).isExactMatch } })
        case let .includes(matchers):
            return .of(matchers.allSatisfy { matcher in values.contains { matcher.match($0).isExactMatch } })
        }
    }

    public var operatorName: String {
        switch self {
        case let .single(matcher): matcher.operatorName
        case .hasExactly: "hasExactly"
        case .includes: "includes"
        }
    }

    public var expectedValue: String {
        switch self {
        case let .single(matcher): matcher.expectedValue
        case let .hasExactly(matchers), let .includes(matchers): matchers.map(\.description).joined(separator: ", ")
        }
    }
}
