import CRdKafka

/// A librdkafka producer handle.
///
/// Today it only opens and closes the handle; later issues add sending with delivery reports.
/// librdkafka handles are thread-safe, which is what makes the type `Sendable`.
public final class KafkaProducer: @unchecked Sendable {
    private let handle: OpaquePointer

    /// The librdkafka version string, e.g. "2.0.2".
    public static var libraryVersion: String { String(cString: rd_kafka_version_str()) }

    /// Creates a producer from librdkafka configuration properties (`bootstrap.servers`, `acks`, …).
    public init(configuration: [String: String]) throws {
        let config = rd_kafka_conf_new()
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in configuration.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(config, key, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(config)
                throw KafkaError(code: result.rawValue, message: Self.text(of: errorText))
            }
        }
        // On success rd_kafka_new takes ownership of the configuration; on failure it is still ours.
        guard let handle = rd_kafka_new(RD_KAFKA_PRODUCER, config, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(config)
            throw KafkaError(code: -1, message: Self.text(of: errorText))
        }
        self.handle = handle
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// The NUL-terminated text librdkafka wrote into an error buffer.
    private static func text(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The client instance name librdkafka assigned, e.g. "rdkafka#producer-1".
    public var name: String { String(cString: rd_kafka_name(handle)) }
}
