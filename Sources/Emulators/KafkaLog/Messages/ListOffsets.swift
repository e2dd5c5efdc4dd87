import NIOCore

/// ListOffsets (key 2) v1–v5: earliest (-2), latest (-1) or the first offset at or after a timestamp.
struct ListOffsetsRequest: Sendable, Equatable {
    struct Partition: Sendable, Equatable {
        var index: Int32
        var timestamp: Int64
    }

    struct Topic: Sendable, Equatable {
        var name: String
        var partitions: [Partition]
    }

    var topics: [Topic]

    init(from r: inout KafkaReader, version: Int16) throws {
        _ = try r.int32("replica_id")
        if version >= 2 { _ = try r.int8("isolation_level") }
        topics = try r.array("topics") { r in
            Topic(name: try r.string("name"), partitions: try r.array("partitions") { r in
                let index = try r.int32("partition_index")
                if version >= 4 { _ = try r.int32("current_leader_epoch") }
                return Partition(index: index, timestamp: try r.int64("timestamp"))
            })
        }
    }
}

struct ListOffsetsResponse: Sendable, Equatable {
    struct Partition: Sendable, Equatable {
        var index: Int32
        var errorCode: KafkaErrorCode
        var timestamp: Int64
        var offset: Int64
    }

    struct Topic: Sendable, Equatable {
        var name: String
        var partitions: [Partition]
    }

    var topics: [Topic]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 2 { buffer.writeInteger(Int32(0)) }
        buffer.writeKafkaArray(topics) { b, topic in
            b.writeKafkaString(topic.name)
            b.writeKafkaArray(topic.partitions) { b, p in
                b.writeInteger(p.index)
                b.writeInteger(p.errorCode.code)
                b.writeInteger(p.timestamp)
                b.writeInteger(p.offset)
                if version >= 4 { b.writeInteger(Int32(0)) }
            }
        }
    }
}
