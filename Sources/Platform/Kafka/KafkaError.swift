import CRdKafka

/// A failure reported by librdkafka: its error code and text.
public struct KafkaError: Error, CustomStringConvertible, Sendable {
    /// librdkafka's `rd_kafka_resp_err_t` value (negative for client-side errors, Kafka's codes otherwise).
    public let code: Int32
    /// librdkafka's description.
    public let message: String

    /// Creates an error from a code and text.
    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "Kafka error \(code): \(message)" }
}
