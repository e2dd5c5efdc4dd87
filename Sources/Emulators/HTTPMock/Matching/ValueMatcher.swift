/// A test on one string value of a request (a header, a query parameter, the body…), WireMock's
/// `StringValuePattern`. A nil value means the part is missing from the request.
public protocol ValueMatcher: Sendable {
    func match(_ value: String?) -> MatchResult
    /// WireMock's name for the operation, such as `equalTo` or `contains`; the near-miss report prints it.
    var operatorName: String { get }
    /// The operand as the near-miss report prints it.
    var expectedValue: String { get }
}

extension ValueMatcher {
    /// `value` for `equalTo`, `[operator] value` otherwise.
    public var description: String {
        operatorName == "equalTo" ? expectedValue : "[\(operatorName)] \(expectedValue)"
    }
}
