import NIOCore

/// OffsetFetch (key 9) v1–v5: a group's committed offsets, -1 where none was committed.
struct OffsetFetchRequest: Sendable {
    var groupId: String
    /// `nil` (v2+) asks for every partition the group has committed.
    var topics: [(name: String, partitions: [Int32])]?

    init(from r: inout KafkaReader, version: Int16) throws {
        groupId = try r.string("group_id")
        topics = try r.nullableArray("topics") { r in
            (try r.string("name"), try r.array("partition_indexes") { try $0.int32("partition") })
        }
    }
}

struct OffsetFetchResponse: Sendable, Equatable {
    struct Partition: Sendable, Equatable {
        var index: Int32
        var offset: Int64
        var metadata: String?
    }

    struct Topic: Sendable, Equatable {
        var name: String
        var partitions: [Partition]
    }

    var topics: [Topic]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 { buffer.writeInteger(Int32(0)) }
        buffer.writeKafkaArray(topics) { b, topic in
            b.writeKafkaString(topic.name)
            b.writeKafkaArray(topic.partitions) { b, p in
                b.writeInteger(p.index)
                b.writeInteger(p.offset)
                if version >= 5 { b.writeInteger(Int32(-1)) }
                b.writeKafkaString(p.metadata ?? "")
                b.writeInteger(KafkaErrorCode.none.code)
            }
        }
        if version >= 2 { buffer.writeInteger(KafkaErrorCode.none.code) }
    }
}
