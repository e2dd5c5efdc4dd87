import CRdKafka

/// Builds an `rd_kafka_conf_t` from properties, reporting the first property librdkafka refuses.
enum KafkaConfiguration {
    /// A new configuration object; the caller hands it to `rd_kafka_new` or destroys it.
    static func make(_ properties: [String: String]) throws -> OpaquePointer {
        let config = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(config, key, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(config)
                throw KafkaError(code: result.rawValue, message: KafkaError.text(of: errorText))
            }
        }
        return config
    }

    /// Creates a client handle of `type`; on failure the configuration is destroyed and the error thrown.
    static func client(_ type: rd_kafka_type_t, _ config: OpaquePointer) throws -> OpaquePointer {
        var errorText = [CChar](repeating: 0, count: 512)
        // On success rd_kafka_new takes ownership of the configuration; on failure it is still ours.
        guard let handle = rd_kafka_new(type, config, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(config)
            throw KafkaError(code: -1, message: KafkaError.text(of: errorText))
        }
        return handle
    }
}
