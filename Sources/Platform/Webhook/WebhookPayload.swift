import Foundation

/// One accepted `POST /webhooks/{source}`: the body's bytes exactly as received, and what the
/// worker needs to land them.
public struct WebhookPayload: Sendable {
    /// The `{source}` of the path.
    public var source: WebhookSource
    /// The request's `Content-Type`, when it had one.
    public var contentType: String?
    /// The body, byte for byte.
    public var body: [UInt8]
    /// When the server accepted the request.
    public var receivedAt: Date
    /// The request's trace: its `traceparent` header continued, or a new trace.
    public var trace: TraceContext

    /// Creates a payload.
    public init(source: WebhookSource, contentType: String?, body: [UInt8], receivedAt: Date = Date(), trace: TraceContext = .root()) {
        self.source = source
        self.contentType = contentType
        self.body = body
        self.receivedAt = receivedAt
        self.trace = trace
    }
}
