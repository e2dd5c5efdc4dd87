import NIOCore

/// OffsetCommit (key 8) v0–v7: store a group's committed offsets.
struct OffsetCommitRequest: Sendable, Equatable {
    struct Partition: Sendable, Equatable {
        var index: Int32
        var offset: Int64
        var metadata: String?
    }

    struct Topic: Sendable, Equatable {
        var name: String
        var partitions: [Partition]
    }

    var groupId: String
    var generationId: Int32
    var memberId: String
    var topics: [Topic]

    init(from r: inout KafkaReader, version: Int16) throws {
        groupId = try r.string("group_id")
        generationId = version >= 1 ? try r.int32("generation_id") : -1
        memberId = version >= 1 ? try r.string("member_id") : ""
        if version >= 7 { _ = try r.nullableString("group_instance_id") }
        if (2...4).contains(version) { _ = try r.int64("retention_time_ms") }
        topics = try r.array("topics") { r in
            Topic(name: try r.string("name"), partitions: try r.array("partitions") { r in
                let index = try r.int32("partition_index")
                let offset = try r.int64("committed_offset")
                if version >= 6 { _ = try r.int32("committed_leader_epoch") }
                if version == 1 { _ = try r.int64("commit_timestamp") }
                return Partition(index: index, offset: offset, metadata: try r.nullableString("committed_metadata"))
            })
        }
    }
}

/// The per-partition error codes of OffsetCommit.
struct OffsetCommitResponse: Sendable {
    struct Topic: Sendable {
        var name: String
        var partitions: [(index: Int32, errorCode: KafkaErrorCode)]
    }

    var topics: [Topic]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 { buffer.writeInteger(Int32(0)) }
        buffer.writeKafkaArray(topics) { b, topic in
            b.writeKafkaString(topic.name)
            b.writeKafkaArray(topic.partitions) { b, p in
                b.writeInteger(p.index)
                b.writeInteger(p.errorCode.code)
            }
        }
    }
}
