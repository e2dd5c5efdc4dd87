#if canImport(Glibc)
import Glibc
#endif

/// A curation run that could not go on (as opposed to one bad input file, which is a
/// ``TrafficFileRejection`` and only sends that file to quarantine).
public struct TrafficCurationError: Error, Sendable, CustomStringConvertible {
    public let description: String

    /// Creates an error with a message fit to show as it is.
    public init(_ description: String) {
        self.description = description
    }

    /// A failed system call on the curation's temp files.
    static func io(_ what: String, errno code: Int32) -> TrafficCurationError {
        TrafficCurationError("\(what): \(String(cString: strerror(code)))")
    }
}
