/// What a ``WebhookWorker`` run did.
public struct WebhookWorkerReport: Sendable {
    /// Payloads landed in RAW with their event published and their offset committed.
    public internal(set) var payloads = 0
    /// Of those, payloads whose RAW object was already there (a batch redone after a crash).
    public internal(set) var replayed = 0
    /// The bytes of those payloads.
    public internal(set) var bytes = 0
    /// Batches committed.
    public internal(set) var batches = 0
}
