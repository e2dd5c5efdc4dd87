import NIOCore

/// DeleteTopics (key 20) v0–v3: topics and their records go at once.
struct DeleteTopicsRequest: Sendable, Equatable {
    var names: [String]

    init(from r: inout KafkaReader, version: Int16) throws {
        names = try r.array("topic_names") { try $0.string("name") }
        _ = try r.int32("timeout_ms")
    }
}

struct DeleteTopicsResponse: Sendable, Equatable {
    var topics: [TopicResult]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(Int32(0)) }
        buffer.writeKafkaArray(topics) { b, t in
            b.writeKafkaString(t.name)
            b.writeInteger(t.errorCode.code)
        }
    }
}
