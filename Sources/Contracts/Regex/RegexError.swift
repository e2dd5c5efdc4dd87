/// Why a pattern was refused, or why matching stopped.
public struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// Offset, in Unicode scalars from the start of the pattern, where the parser noticed it
    /// (`nil` for run-time errors).
    public let offset: Int?

    init(_ message: String, at offset: Int?) {
        self.message = message
        self.offset = offset
    }

    /// Matching gave up after `RegexMachine.stepBudget` steps (catastrophic backtracking).
    static let budgetExceeded = RegexError("pattern matching exceeded its step budget", at: nil)

    public var description: String {
        if let offset { return "\(message) at offset \(offset)" }
        return message
    }
}
