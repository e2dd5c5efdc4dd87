/// A test on one string value of a request (a header, a query parameter, the body…), WireMock's
/// `StringValuePattern`. A nil value means the part is missing from the request.
public protocol ValueMatcher: Sendable {
    func match(_ value: String?) -> MatchResult
    /// How the near-miss report names the expectation, e.g. `[contains] abc`.
    var description: String { get }
}

extension ValueMatcher {
    /// Whether the matcher only passes when the value is missing (`absent`), which changes how
    /// multi-valued parts with no value are treated.
    var expectsAbsence: Bool { self is AbsentMatcher }
}
