/// What came of a run's notification.
public enum WebhookDelivery: Sendable, Equatable {
    /// No webhook URL is configured.
    case notConfigured
    /// The receiver answered with this 2xx status.
    case delivered(status: Int)
    /// The POST failed or was refused; the run itself is not failed by it.
    case failed(reason: String)
}
