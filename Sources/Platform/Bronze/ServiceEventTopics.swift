/// The Kafka topics of the service-events pipeline, and their creation.
public enum ServiceEventTopics {
    /// Where services (and `sluice bronze produce`) send their events, JSON objects (``ServiceEvent``),
    /// keyed by service.
    public static let events = "service.events"

    /// Where a record that is not a service event goes, as a `platform.deadletter.v1` with the reason.
    public static var deadLetters: String { PlatformTopics.deadLetter(of: events) }

    /// Creates both topics when missing; idempotent.
    public static func ensure(bootstrapServers: String) throws {
        _ = try KafkaAdmin(bootstrapServers: bootstrapServers).createTopics([
            KafkaTopicSpec(name: events, partitions: 3), KafkaTopicSpec(name: deadLetters, partitions: 1),
        ])
    }
}
