import Contracts
import Foundation

/// Publishes envelopes to Kafka after validating each against its contract.
///
/// The topic is the event's type. An event that fails validation is published instead to the topic's
/// `.dlq` as a `platform.deadletter.v1` envelope carrying the original and the validation errors, and
/// the call throws ``EventPublisherError/invalidEvent(type:errors:)``.
///
/// An envelope's `traceparent` also goes out as the record's `traceparent` header (the W3C trace
/// context convention for Kafka), so a consumer continues the trace without parsing the value.
/// Dead letters count in `sluice_dead_letters_total{topic}`; errors are counted by the callers, which
/// know what the failed input was.
public final class EventPublisher: Sendable {
    private let validators: [String: Validator]
    private let producer: KafkaProducer
    private let metrics: SluiceMetrics

    /// Compiles a validator for every event of `contracts` and connects a producer to `bootstrapServers`.
    public init(contracts: ContractRepository, bootstrapServers: String, metrics: SluiceMetrics = SluiceMetrics()) throws {
        self.metrics = metrics
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
        try await producer.send(try await record(of: envelope, key: key))
    }

    /// Validates every envelope and publishes them together (``KafkaProducer/sendAll(_:)``), each with its
    /// key; returns where each landed, in order, once all are acknowledged. Nothing is sent unless every
    /// envelope is valid: the first invalid one goes to its dead letter as with ``publish(_:key:)`` and
    /// throws. A failed delivery throws too, after the others are answered.
    @discardableResult
    public func publishAll(_ envelopes: [(envelope: JSONValue, key: String?)]) async throws -> [KafkaDeliveryReport] {
        var records: [KafkaOutgoingRecord] = []
        records.reserveCapacity(envelopes.count)
        for (envelope, key) in envelopes { records.append(try await record(of: envelope, key: key)) }
        return try await producer.sendAll(records).map { try $0.get() }
    }

    /// The record of a valid `envelope`: on its type's topic, its `traceparent` as a header. An invalid one
    /// is published to its dead letter instead, and throws.
    private func record(of envelope: JSONValue, key: String?) async throws -> KafkaOutgoingRecord {
        guard let type = envelope["type"]?.stringValue, let validator = validators[type] else {
            throw EventPublisherError.unknownEventType(envelope["type"]?.stringValue ?? "(none)")
        }
        // The flag output is the fast one; the errors are worked out only for an event that fails.
        guard validator.isValid(envelope) else {
            let errors = validator.validate(envelope).errors
            try await publishDeadLetter(originalTopic: type, reason: .validationFailed, attempts: 1, original: envelope, errors: errors)
            throw EventPublisherError.invalidEvent(type: type, errors: errors)
        }
        let headers = envelope["traceparent"]?.stringValue.map { [(name: "traceparent", value: Array($0.utf8))] } ?? []
        return KafkaOutgoingRecord(topic: type, key: key.map { Array($0.utf8) }, value: JSONSerializer.bytes(envelope), headers: headers)
    }

    /// Why something went to a dead-letter topic, as `platform.deadletter.v1` names it.
    public enum DeadLetterReason: String, Sendable {
        /// An event that does not satisfy its contract.
        case validationFailed = "validation_failed"
        /// Input that could not be processed after the last retry.
        case processingFailed = "processing_failed"
        /// Input that could not be read at all.
        case unreadable
    }

    /// Publishes a `platform.deadletter.v1` envelope to `<originalTopic>.dlq`, carrying the original
    /// input (any JSON) and why it failed.
    ///
    /// The letter's `traceparent` is `traceparent` when given, else a new span of the original's trace
    /// when the original is an envelope that carries one.
    @discardableResult
    public func publishDeadLetter(
        originalTopic: String, reason: DeadLetterReason, attempts: Int, original: JSONValue, message: String? = nil,
        errors: [OutputUnit] = [], traceparent: String? = nil
    ) async throws -> KafkaDeliveryReport {
        var data: [JSONObject.Member] = [
            .init(key: "original_topic", value: .string(originalTopic)),
            .init(key: "reason", value: .string(reason.rawValue)),
            .init(key: "failed_at", value: .string(UTCTimeText.timestamp(Date()))),
            .init(key: "attempts", value: .number(JSONNumber(attempts))),
        ]
        if let message { data.append(.init(key: "message", value: .string(message))) }
        if !errors.isEmpty {
            data.append(.init(key: "errors", value: .array(errors.map {
                [
                    "keywordLocation": .string($0.keywordLocation), "absoluteKeywordLocation": .string($0.absoluteKeywordLocation),
                    "instanceLocation": .string($0.instanceLocation), "error": .string($0.error),
                ]
            })))
        }
        data.append(.init(key: "original", value: original))
        let traceparent = traceparent ?? original["traceparent"]?.stringValue.flatMap(TraceContext.init(traceparent:))?.child().traceparent
        let letter = EventEnvelope.make(
            type: "platform.deadletter.v1", source: "/sluice/publisher", traceparent: traceparent, data: .object(JSONObject(data)))
        let topic = PlatformTopics.deadLetter(of: originalTopic)
        let report = try await producer.send(KafkaOutgoingRecord(topic: topic, value: JSONSerializer.bytes(letter)))
        metrics.deadLetters(topic: topic).increment()
        return report
    }
}
