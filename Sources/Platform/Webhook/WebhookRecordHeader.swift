/// The Kafka record headers a queued webhook payload carries on ``WebhookTopics/inbox``.
public enum WebhookRecordHeader {
    /// The `{source}` of `POST /webhooks/{source}`.
    public static let source = "webhook-source"
    /// The request's `Content-Type`, absent when the request had none.
    public static let contentType = "content-type"
    /// When the server accepted the payload, RFC 3339 UTC.
    public static let receivedAt = "received-at"
    /// The W3C trace context of the request (its own `traceparent`, or a new trace).
    public static let traceparent = "traceparent"
}
