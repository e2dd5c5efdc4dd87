/// The URL part of a request pattern: WireMock's `url`, `urlPath`, `urlPattern`, `urlPathPattern`
/// and `urlPathTemplate`, or nothing (any URL).
public enum URLMatcher: Sendable {
    case any
    /// Path and query string, exactly.
    case url(String)
    /// The path alone, exactly.
    case urlPath(String)
    /// Path and query string against a regular expression.
    case urlPattern(RegexMatcher)
    /// The path alone against a regular expression.
    case urlPathPattern(RegexMatcher)
    case urlPathTemplate(PathTemplate)

    public func match(_ request: MockRequest) -> MatchResult {
        switch self {
        case .any: .exactMatch
        case let .url(expected): EqualToMatcher(expected).match(request.url)
        case let .urlPath(expected): EqualToMatcher(expected).match(request.path)
        case let .urlPattern(regex): regex.match(request.url)
        case let .urlPathPattern(regex): regex.match(request.path)
        case let .urlPathTemplate(template): .of(template.parameters(of: request.path) != nil)
        }
    }

    /// Whether the request's URL fits, without grading: the serving path's check.
    public func matches(_ request: MockRequest) -> Bool {
        switch self {
        case .any: true
        case let .url(expected): request.url == expected
        case let .urlPath(expected): request.path == expected
        case let .urlPattern(regex): regex.matchesWhole(request.url)
        case let .urlPathPattern(regex): regex.matchesWhole(request.path)
        case let .urlPathTemplate(template): template.parameters(of: request.path) != nil
        }
    }

    /// The expectation as the near-miss report prints it.
    public var description: String {
        switch self {
        case .any: "[any URL]"
        case let .url(expected): expected
        case let .urlPath(expected): "[path] \(expected)"
        case let .urlPattern(regex): "[regex] \(regex.pattern)"
        case let .urlPathPattern(regex): "[path regex] \(regex.pattern)"
        case let .urlPathTemplate(template): "[path template] \(template.template)"
        }
    }
}
