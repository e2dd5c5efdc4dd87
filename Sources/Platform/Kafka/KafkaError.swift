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

    /// Maps a librdkafka result code; the one place an `rd_kafka_resp_err_t` becomes a Swift error.
    init(_ error: rd_kafka_resp_err_t, context: String = "") {
        let text = String(cString: rd_kafka_err2str(error))
        self.init(code: error.rawValue, message: context.isEmpty ? text : "\(context): \(text)")
    }

    /// The NUL-terminated text librdkafka wrote into an error buffer.
    static func text(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { "Kafka error \(code): \(message)" }
}
