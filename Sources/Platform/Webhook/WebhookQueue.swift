import Foundation

/// Puts accepted webhook payloads on ``WebhookTopics/inbox`` and waits until the broker has them.
///
/// The producer is librdkafka's with `acks=all` and idempotence (``KafkaProducer/reliableDefaults``);
/// ``enqueue(_:)`` returns only after the delivery report succeeded, so the payload is durable when
/// the server answers 200. A broker that does not take the record within `deliveryTimeout` makes the
/// call throw (the server answers 503): nothing is ever acknowledged that is not queued.
public final class WebhookQueue: Sendable {
    private let producer: KafkaProducer

    /// A producer for `bootstrapServers` that gives up on a record after `deliveryTimeout`.
    public init(bootstrapServers: String, deliveryTimeout: Duration = .seconds(5)) throws {
        let milliseconds = max(1, Int(deliveryTimeout.components.seconds * 1000 + deliveryTimeout.components.attoseconds / 1_000_000_000_000_000))
        producer = try KafkaProducer(configuration: [
            "bootstrap.servers": bootstrapServers, "message.timeout.ms": String(milliseconds),
        ])
    }

    /// Queues `payload`; returns its topic, partition and offset once the broker acknowledged it.
    public func enqueue(_ payload: WebhookPayload) async throws -> KafkaDeliveryReport {
        var headers: [(name: String, value: [UInt8])] = [
            (WebhookRecordHeader.source, Array(payload.source.name.utf8)),
            (WebhookRecordHeader.receivedAt, Array(UTCTimeText.timestamp(payload.receivedAt).utf8)),
            (WebhookRecordHeader.traceparent, Array(payload.trace.traceparent.utf8)),
        ]
        if let contentType = payload.contentType { headers.append((WebhookRecordHeader.contentType, Array(contentType.utf8))) }
        return try await producer.send(KafkaOutgoingRecord(
            topic: WebhookTopics.inbox, key: Array(payload.source.name.utf8), value: payload.body, headers: headers))
    }
}
