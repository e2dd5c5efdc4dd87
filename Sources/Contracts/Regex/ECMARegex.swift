/// A compiled ECMA-262 regular expression, the dialect JSON Schema's `pattern`,
/// `patternProperties` and `format: regex` use. Foundation's `NSRegularExpression` (ICU) differs
/// from ECMA-262 in `\d`, `\w`, `\s`, `$` and the escapes it accepts, so Sluice has its own engine:
/// see `RegexParser` for the supported syntax and `RegexMachine` for the bounded backtracking.
public struct ECMARegex: Sendable {
    /// The pattern as written.
    public let pattern: String
    private let program: RegexProgram
    /// Literal fast path: a pattern with no special characters is a substring test.
    private let literal: [UInt8]?

    /// Compiles `pattern`; throws on syntax ECMA-262 (with the `u` flag) does not accept.
    public init(_ pattern: String) throws(RegexError) {
        self.pattern = pattern
        var parser = RegexParser(pattern)
        let node = try parser.parse()
        program = try RegexProgram(node, captureCount: parser.groupCount, recordsCaptures: node.hasBackreference)
        let special = "\\^$.|?*+()[]{}".unicodeScalars
        literal = pattern.unicodeScalars.contains(where: special.contains) ? nil : Array(pattern.utf8)
    }

    /// True when the pattern matches somewhere in `string` (patterns are not implicitly anchored).
    /// Throws `budgetExceeded` when backtracking would take too long.
    public func firstMatch(in string: String) throws(RegexError) -> Bool {
        var s = string
        // `withUTF8` is untyped `rethrows`: carry the typed error out in a `Result`.
        let result = s.withUTF8 { buffer in
            Result { () throws(RegexError) -> Bool in
                if let literal { return Self.contains(buffer, literal) }
                var machine = RegexMachine(input: buffer)
                return try machine.search(program)
            }
        }
        return try result.get()
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard haystack.count >= needle.count else { return false }
        outer: for i in 0...(haystack.count - needle.count) {
            for j in needle.indices where haystack[i + j] != needle[j] { continue outer }
            return true
        }
        return false
    }
}
