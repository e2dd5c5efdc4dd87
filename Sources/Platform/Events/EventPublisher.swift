import Contracts
import Foundation

/// Publishes envelopes to Kafka after validating each against its contract.
///
/// The topic is the event's type. An event that fails validation is published instead to the topic's
/// `.dlq` as a `platform.deadletter.v1` envelope carrying the original and the validation errors, and
/// the call throws ``EventPublisherError/invalidEvent(type:errors:)``.
public final class EventPublisher: Sendable {
    private let validators: [String: Validator]
    private let producer: KafkaProducer

    /// Compiles a validator for every event of `contracts` and connects a producer to `bootstrapServers`.
    public init(contracts: ContractRepository, bootstrapServers: String) throws {
        var validators: [String: Validator] = [:]
        for event in contracts.events where event.name != "envelope.v1" {
            validators[event.name] = try contracts.validator(for: event)
        }
        self.validators = validators
        self.producer = try KafkaProducer(configuration: ["bootstrap.servers": bootstrapServers])
    }

    /// Validates `envelope` and publishes it to the topic named by its type; returns where it landed.
    @discardableResult
    public func publish(_ envelope: JSONValue, key: String? = nil) async throws -> KafkaDeliveryReport {
        guard let type = envelope["type"]?.stringValue, let validator = validators[type] else {
            throw EventPublisherError.unknownEventType(envelope["type"]?.stringValue ?? "(none)")
        }
        let result = validator.validate(envelope)
        guard result.valid else {
            try await deadLetter(envelope, type: type, errors: result.errors)
            throw EventPublisherError.invalidEvent(type: type, errors: result.errors)
        }
        return try await producer.send(KafkaOutgoingRecord(
            topic: type, key: key.map { Array($0.utf8) }, value: Array(JSONSerializer.string(envelope).utf8)))
    }

    private func deadLetter(_ envelope: JSONValue, type: String, errors: [OutputUnit]) async throws {
        let errorValues: [JSONValue] = errors.map {
            [
                "keywordLocation": .string($0.keywordLocation), "absoluteKeywordLocation": .string($0.absoluteKeywordLocation),
                "instanceLocation": .string($0.instanceLocation), "error": .string($0.error),
            ]
        }
        let letter = EventEnvelope.make(
            type: "platform.deadletter.v1", source: "/sluice/publisher",
            data: [
                "original_topic": .string(type), "reason": "validation_failed",
                "failed_at": .string(EventEnvelope.timestamp(Date())), "attempts": 1,
                "errors": .array(errorValues), "original": envelope,
            ])
        _ = try await producer.send(KafkaOutgoingRecord(
            topic: PlatformTopics.deadLetter(of: type), value: Array(JSONSerializer.string(letter).utf8)))
    }
}
