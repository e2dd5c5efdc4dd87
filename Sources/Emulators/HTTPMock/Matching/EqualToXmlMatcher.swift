/// `equalToXml`: the value is XML with the same elements, attributes (in any order) and text as the
/// expectation; whitespace between elements and comments are ignored, as XMLUnit does for WireMock.
public struct EqualToXmlMatcher: ValueMatcher {
    public let expected: String
    private let tree: XMLTree

    /// Parses the expectation; throws if it is not well-formed, so the mapping is refused at load.
    public init(_ expected: String) throws(MappingError) {
        guard let tree = XMLTreeParser.parse(expected) else { throw MappingError("", "equalToXml is not well-formed XML") }
        self.expected = expected
        self.tree = tree
    }

    public func match(_ value: String?) -> MatchResult {
        guard let value, let actual = XMLTreeParser.parse(value) else { return .noMatch }
        let expected = expected
        return MatchResult(isExactMatch: actual.isSimilar(to: tree)) { StringDistance.normalized(expected, value) }
    }

    public var operatorName: String { "equalToXml" }
    public var expectedValue: String { expected }
}
