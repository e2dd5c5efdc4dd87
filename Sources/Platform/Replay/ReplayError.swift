/// Why a dead letter cannot be replayed.
public struct ReplayError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    static func unknown(_ failureID: String) -> ReplayError {
        ReplayError("no failure \(failureID) in meta.ingestion_failures")
    }
    static func alreadyReplayed(_ letter: DeadLetter) -> ReplayError {
        ReplayError("failure \(letter.failureID) was replayed at \(letter.replayedAt ?? "?") (run \(letter.replayRunID ?? "?"))")
    }
    static func noStoredInput(_ letter: DeadLetter) -> ReplayError {
        ReplayError("failure \(letter.failureID) has no dead-letter object to re-drive (\(letter.error))")
    }
    static func unreadable(_ letter: DeadLetter, _ why: String) -> ReplayError {
        ReplayError("dead letter \(letter.deadLetterURI ?? letter.failureID) cannot be re-driven: \(why)")
    }
}
