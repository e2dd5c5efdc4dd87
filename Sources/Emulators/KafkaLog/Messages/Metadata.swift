import NIOCore

/// Metadata (key 3) v0–v8: brokers, controller and topics with their partitions.
struct MetadataRequest: Sendable, Equatable {
    /// `nil` asks for every topic.
    var topics: [String]?
    var allowAutoTopicCreation: Bool

    init(topics: [String]?, allowAutoTopicCreation: Bool) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
    }

    init(from r: inout KafkaReader, version: Int16) throws {
        let names = try r.nullableArray("topics") { try $0.string("name") }
        // In v0 an empty list meant "all topics"; from v1 that is spelled null.
        topics = version == 0 && names?.isEmpty == true ? nil : names
        allowAutoTopicCreation = version >= 4 ? try r.bool("allow_auto_topic_creation") : true
        if version >= 8 {
            _ = try r.bool("include_cluster_authorized_operations")
            _ = try r.bool("include_topic_authorized_operations")
        }
    }
}

struct MetadataResponse: Sendable, Equatable {
    struct Broker: Sendable, Equatable {
        var nodeId: Int32
        var host: String
        var port: Int32
    }

    struct Topic: Sendable, Equatable {
        var errorCode: KafkaErrorCode
        var name: String
        /// The leader of each partition, by index.
        var leaders: [Int32]
    }

    var brokers: [Broker]
    var clusterId: String
    var controllerId: Int32
    var topics: [Topic]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 { buffer.writeInteger(Int32(0)) }
        buffer.writeKafkaArray(brokers) { b, broker in
            b.writeInteger(broker.nodeId)
            b.writeKafkaString(broker.host)
            b.writeInteger(broker.port)
            if version >= 1 { b.writeKafkaString(nil) }
        }
        if version >= 2 { buffer.writeKafkaString(clusterId) }
        if version >= 1 { buffer.writeInteger(controllerId) }
        buffer.writeKafkaArray(topics) { b, topic in
            b.writeInteger(topic.errorCode.code)
            b.writeKafkaString(topic.name)
            if version >= 1 { b.writeKafkaBool(false) }
            b.writeKafkaArray(Array(topic.leaders.enumerated())) { b, partition in
                let (index, leader) = partition
                b.writeInteger(leader < 0 ? KafkaErrorCode.leaderNotAvailable.code : KafkaErrorCode.none.code)
                b.writeInteger(Int32(index))
                b.writeInteger(leader)
                if version >= 7 { b.writeInteger(Int32(0)) }
                b.writeKafkaArray([leader]) { $0.writeInteger($1) }
                b.writeKafkaArray([leader]) { $0.writeInteger($1) }
                if version >= 5 { b.writeKafkaArray([Int32]()) { $0.writeInteger($1) } }
            }
            if version >= 8 { b.writeInteger(Int32.min) }
        }
        if version >= 8 { buffer.writeInteger(Int32.min) }
    }
}
