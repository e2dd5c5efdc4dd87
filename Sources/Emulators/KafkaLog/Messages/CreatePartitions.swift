import NIOCore

/// CreatePartitions (key 37) v0–v1: grow a topic to a new partition count.
struct CreatePartitionsRequest: Sendable {
    var topics: [(name: String, count: Int32)]
    var validateOnly: Bool

    init(from r: inout KafkaReader, version: Int16) throws {
        topics = try r.array("topics") { r in
            let name = try r.string("name")
            let count = try r.int32("count")
            _ = try r.nullableArray("assignments") { r in try r.array("broker_ids") { try $0.int32("broker_id") } }
            return (name, count)
        }
        _ = try r.int32("timeout_ms")
        validateOnly = try r.bool("validate_only")
    }
}

struct CreatePartitionsResponse: Sendable, Equatable {
    var results: [TopicResult]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(Int32(0))
        buffer.writeKafkaArray(results) { b, t in
            b.writeKafkaString(t.name)
            b.writeInteger(t.errorCode.code)
            b.writeKafkaString(nil)
        }
    }
}
