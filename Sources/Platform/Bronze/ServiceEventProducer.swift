import Contracts
import Foundation

/// `sluice bronze produce`: synthetic service events on ``ServiceEventTopics/events``, acknowledged
/// by the broker (acks=all) one by one.
public struct ServiceEventProducer: Sendable {
    /// The services the synthetic events come from.
    public static let services = ["api", "auth", "billing", "search"]

    private let producer: KafkaProducer

    /// A producer for `bootstrapServers`.
    public init(bootstrapServers: String) throws {
        producer = try KafkaProducer(configuration: ["bootstrap.servers": bootstrapServers])
    }

    /// Sends `count` events spread over ``services`` and over the two days before `now`; returns them.
    public func produce(count: Int, now: Date = Date()) async throws -> [ServiceEvent] {
        let end = Int64(now.timeIntervalSince1970 * 1000)
        var generator = SystemRandomNumberGenerator()
        var sent: [ServiceEvent] = []
        sent.reserveCapacity(count)
        for index in 0..<count {
            let service = Self.services[index % Self.services.count]
            let event = ServiceEvent(
                eventID: RandomIdentifiers.uuid(), service: service,
                level: ["debug", "info", "info", "info", "warn", "error"].randomElement(using: &generator) ?? "info",
                message: "\(service) request \(index)", timestampMilliseconds: end - Int64.random(in: 0..<(2 * 86_400_000), using: &generator),
                durationMilliseconds: index % 5 == 0 ? nil : Int64.random(in: 1...900, using: &generator))
            _ = try await producer.send(KafkaOutgoingRecord(
                topic: ServiceEventTopics.events, key: Array(service.utf8), value: JSONSerializer.bytes(event.json)))
            sent.append(event)
        }
        return sent
    }
}
