import NIOCore

/// Fetch (key 1) v4–v11: read record batches from offsets, waiting up to `maxWaitMs` for `minBytes`.
///
/// Fetch sessions (v7+) are declined by answering session id 0, which tells the client to keep sending
/// full fetch requests; that keeps the broker stateless per connection.
struct FetchRequest: Sendable, Equatable {
    struct Partition: Sendable, Equatable {
        var index: Int32
        var fetchOffset: Int64
        var maxBytes: Int32
    }

    struct Topic: Sendable, Equatable {
        var name: String
        var partitions: [Partition]
    }

    var maxWaitMs: Int32
    var minBytes: Int32
    var maxBytes: Int32
    var isolationLevel: Int8
    var topics: [Topic]

    init(from r: inout KafkaReader, version: Int16) throws {
        _ = try r.int32("replica_id")
        maxWaitMs = try r.int32("max_wait_ms")
        minBytes = try r.int32("min_bytes")
        maxBytes = try r.int32("max_bytes")
        isolationLevel = try r.int8("isolation_level")
        if version >= 7 {
            _ = try r.int32("session_id")
            _ = try r.int32("session_epoch")
        }
        topics = try r.array("topics") { r in
            Topic(name: try r.string("topic"), partitions: try r.array("partitions") { r in
                let index = try r.int32("partition")
                if version >= 9 { _ = try r.int32("current_leader_epoch") }
                let offset = try r.int64("fetch_offset")
                if version >= 5 { _ = try r.int64("log_start_offset") }
                return Partition(index: index, fetchOffset: offset, maxBytes: try r.int32("partition_max_bytes"))
            })
        }
        if version >= 7 {
            _ = try r.array("forgotten_topics_data") { r in
                (try r.string("topic"), try r.array("partitions") { try $0.int32("partition") })
            }
        }
        if version >= 11 { _ = try r.string("rack_id") }
    }
}

struct FetchResponse: Sendable {
    struct Partition: Sendable {
        var index: Int32
        var errorCode: KafkaErrorCode
        var highWatermark: Int64
        var logStartOffset: Int64
        /// Whole stored batches, concatenated on the wire; `nil` is written as null records.
        var records: [ByteBuffer]?
    }

    struct Topic: Sendable {
        var name: String
        var partitions: [Partition]
    }

    var topics: [Topic]

    /// Writes the response as a list of buffers: the fields in buffers of their own, the record batches
    /// as the log's own buffers, so that the bytes of a fetch are never copied before the socket write.
    func write(to parts: inout [ByteBuffer], head: consuming ByteBuffer, version: Int16) {
        var buffer = head
        buffer.writeInteger(Int32(0))
        if version >= 7 {
            buffer.writeInteger(Int16(0))
            buffer.writeInteger(Int32(0))  // session_id 0: no fetch session
        }
        buffer.writeInteger(Int32(topics.count))
        for topic in topics {
            buffer.writeKafkaString(topic.name)
            buffer.writeInteger(Int32(topic.partitions.count))
            for p in topic.partitions {
                buffer.writeInteger(p.index)
                buffer.writeInteger(p.errorCode.code)
                buffer.writeInteger(p.highWatermark)
                buffer.writeInteger(p.highWatermark)  // last_stable_offset: no open transactions
                if version >= 5 { buffer.writeInteger(p.logStartOffset) }
                buffer.writeInteger(Int32(0))  // aborted_transactions: none
                if version >= 11 { buffer.writeInteger(Int32(-1)) }
                guard let records = p.records else {
                    buffer.writeInteger(Int32(-1))
                    continue
                }
                buffer.writeInteger(Int32(records.reduce(0) { $0 + $1.readableBytes }))
                if records.isEmpty { continue }
                parts.append(buffer)
                parts.append(contentsOf: records)
                buffer = ByteBuffer()
                buffer.reserveCapacity(256)
            }
        }
        parts.append(buffer)
    }
}
