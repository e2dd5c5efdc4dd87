import Foundation

/// `binaryEqualTo`: the body's bytes equal the base64-decoded expectation.
public struct BinaryEqualToMatcher: ValueMatcher {
    public let expected: [UInt8]

    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64) else { throw MappingError("", "binaryEqualTo is not valid base64") }
        expected = Array(data)
    }

    public func match(_ value: String?) -> MatchResult {
        guard let value else { return .noMatch }
        return .of(Array(value.utf8) == expected)
    }

    /// Compares raw bytes, for bodies that are not valid UTF-8.
    public func match(bytes: [UInt8]) -> MatchResult { .of(bytes == expected) }

    public var operatorName: String { "binaryEqualTo" }
    public var expectedValue: String { Data(expected).base64EncodedString() }
}
