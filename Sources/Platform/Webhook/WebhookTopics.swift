/// The Kafka topics of the webhook pipeline, and their creation.
public enum WebhookTopics {
    /// The queue every accepted payload goes to, bytes as received (not an event: no envelope, no
    /// contract). Its record key is the webhook source; its headers carry the source, the content
    /// type, the receive time and the trace (``WebhookRecordHeader``).
    public static let inbox = "webhook.inbox"

    /// The event a landed payload publishes (`contracts/events/ingest.webhook.v1.schema.json`).
    public static let landed = "ingest.webhook.v1"

    /// The partitions of ``inbox``.
    public static let inboxPartitions: Int32 = 3

    /// Creates the inbox, the event topic and its dead-letter topic when missing; idempotent.
    public static func ensure(bootstrapServers: String) throws {
        _ = try KafkaAdmin(bootstrapServers: bootstrapServers).createTopics([
            KafkaTopicSpec(name: inbox, partitions: inboxPartitions),
            KafkaTopicSpec(name: landed, partitions: 3),
            KafkaTopicSpec(name: PlatformTopics.deadLetter(of: landed), partitions: 1),
        ])
    }
}
