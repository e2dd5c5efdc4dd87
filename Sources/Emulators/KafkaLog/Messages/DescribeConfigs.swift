import NIOCore

/// DescribeConfigs (key 32) v0–v3, basic: a topic's defaults (the log enforces none of them) and an
/// empty broker config.
struct DescribeConfigsRequest: Sendable, Equatable {
    struct Resource: Sendable, Equatable {
        var type: Int8
        var name: String
        var keys: [String]?
    }

    static let topicType: Int8 = 2

    var resources: [Resource]

    init(from r: inout KafkaReader, version: Int16) throws {
        resources = try r.array("resources") { r in
            Resource(type: try r.int8("resource_type"), name: try r.string("resource_name"),
                     keys: try r.nullableArray("configuration_keys") { try $0.string("key") })
        }
        if version >= 1 { _ = try r.bool("include_synonyms") }
        if version >= 3 { _ = try r.bool("include_documentation") }
    }
}

struct DescribeConfigsResponse: Sendable {
    struct Result: Sendable {
        var errorCode: KafkaErrorCode
        var type: Int8
        var name: String
        var configs: [(name: String, value: String)]
    }

    var results: [Result]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(Int32(0))
        buffer.writeKafkaArray(results) { b, result in
            b.writeInteger(result.errorCode.code)
            b.writeKafkaString(nil)
            b.writeInteger(result.type)
            b.writeKafkaString(result.name)
            b.writeKafkaArray(result.configs) { b, config in
                b.writeKafkaString(config.name)
                b.writeKafkaString(config.value)
                b.writeKafkaBool(false)  // read_only
                if version == 0 { b.writeKafkaBool(true) } else { b.writeInteger(Int8(5)) }  // DEFAULT_CONFIG
                b.writeKafkaBool(false)  // is_sensitive
                if version >= 1 { b.writeInteger(Int32(0)) }  // synonyms
                if version >= 3 {
                    b.writeInteger(Int8(0))
                    b.writeKafkaString(nil)
                }
            }
        }
    }
}
