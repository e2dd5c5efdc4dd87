/// What replaying one dead letter did.
public struct ReplayOutcome: Sendable {
    /// The dead letter replayed.
    public let failureID: String
    /// The ingestion run the replay was recorded as.
    public let replayRunID: String
    /// The RAW objects the replay landed (or found already there) with their events published.
    public let rawURIs: [String]
    /// Why the replay failed again, nil when the input landed (and the row is marked replayed).
    public let failure: String?
}
