/// Why one RAW file was not curated: it goes to quarantine with this in its report.
public struct TrafficFileRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the problem (1 for the header); 0 when the file has no lines.
    public let line: Int
    /// What is wrong, fit to show as it is.
    public let reason: String

    /// Creates a rejection.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}
