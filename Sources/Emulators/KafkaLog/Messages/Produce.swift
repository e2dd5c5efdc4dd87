import NIOCore

/// Produce (key 0) v3–v8: record batches v2 for topic partitions.
struct ProduceRequest: Sendable {
    struct Partition: Sendable {
        var index: Int32
        var records: ByteBuffer?
    }

    struct Topic: Sendable {
        var name: String
        var partitions: [Partition]
    }

    var transactionalId: String?
    /// 0 means the client wants no answer at all.
    var acks: Int16
    var timeoutMs: Int32
    var topics: [Topic]

    init(from r: inout KafkaReader, version: Int16) throws {
        transactionalId = try r.nullableString("transactional_id")
        acks = try r.int16("acks")
        timeoutMs = try r.int32("timeout_ms")
        topics = try r.array("topic_data") { r in
            Topic(name: try r.string("name"), partitions: try r.array("partition_data") { r in
                Partition(index: try r.int32("index"), records: try r.nullableBytes("records"))
            })
        }
    }
}

struct ProduceResponse: Sendable, Equatable {
    struct Partition: Sendable, Equatable {
        var index: Int32
        var errorCode: KafkaErrorCode
        var baseOffset: Int64
        var logStartOffset: Int64
        /// -1 for CreateTime topics.
        var logAppendTime: Int64 = -1
    }

    struct Topic: Sendable, Equatable {
        var name: String
        var partitions: [Partition]
    }

    var topics: [Topic]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaArray(topics) { b, topic in
            b.writeKafkaString(topic.name)
            b.writeKafkaArray(topic.partitions) { b, p in
                b.writeInteger(p.index)
                b.writeInteger(p.errorCode.code)
                b.writeInteger(p.baseOffset)
                b.writeInteger(p.logAppendTime)
                if version >= 5 { b.writeInteger(p.logStartOffset) }
                if version >= 8 {
                    b.writeInteger(Int32(0))  // record_errors
                    b.writeKafkaString(nil)
                }
            }
        }
        buffer.writeInteger(Int32(0))
    }
}
