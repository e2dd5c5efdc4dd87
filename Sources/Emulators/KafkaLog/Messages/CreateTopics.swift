import NIOCore

/// CreateTopics (key 19) v0–v4. Replica assignments are read and ignored (every replica is on one
/// broker); of the configs, `message.timestamp.type` is applied (see ``TopicConfig``).
struct CreateTopicsRequest: Sendable, Equatable {
    struct Topic: Sendable, Equatable {
        var name: String
        /// -1 asks for the broker's default.
        var partitionCount: Int32
        var replicationFactor: Int16
        var assignedPartitions: Int
        var configs: [String: String]
    }

    var topics: [Topic]
    var validateOnly: Bool

    init(from r: inout KafkaReader, version: Int16) throws {
        topics = try r.array("topics") { r in
            let name = try r.string("name")
            let count = try r.int32("num_partitions")
            let factor = try r.int16("replication_factor")
            let assignments = try r.array("assignments") { r in
                (try r.int32("partition_index"), try r.array("broker_ids") { try $0.int32("broker_id") })
            }
            let configs = try r.array("configs") { r in (try r.string("name"), try r.nullableString("value")) }
            return Topic(name: name, partitionCount: count, replicationFactor: factor, assignedPartitions: assignments.count,
                         configs: Dictionary(configs.compactMap { name, value in value.map { (name, $0) } }, uniquingKeysWith: { _, last in last }))
        }
        _ = try r.int32("timeout_ms")
        validateOnly = version >= 1 ? try r.bool("validate_only") : false
    }
}

/// The per-topic result of CreateTopics, DeleteTopics and CreatePartitions.
struct TopicResult: Sendable, Equatable {
    var name: String
    var errorCode: KafkaErrorCode
}

struct CreateTopicsResponse: Sendable, Equatable {
    var topics: [TopicResult]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 2 { buffer.writeInteger(Int32(0)) }
        buffer.writeKafkaArray(topics) { b, t in
            b.writeKafkaString(t.name)
            b.writeInteger(t.errorCode.code)
            if version >= 1 { b.writeKafkaString(nil) }
        }
    }
}
