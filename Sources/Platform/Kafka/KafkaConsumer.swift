import CRdKafka

/// A librdkafka group consumer with manual commits only.
///
/// Auto-commit is off: an offset is committed by ``commit(_:)`` after the work it covers is safely
/// written, so a crash redoes work rather than losing it. ``poll(timeoutMilliseconds:)`` blocks the
/// calling thread; run a consumer loop on a thread of its own, not on the cooperative pool.
public final class KafkaConsumer: @unchecked Sendable {
    private let handle: OpaquePointer

    /// Properties every consumer starts from; the caller's properties override them.
    public static let manualCommitDefaults = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "auto.offset.reset": "earliest",
        "enable.partition.eof": "false",
    ]

    /// Creates a consumer from librdkafka properties (`bootstrap.servers` and `group.id` at least).
    public init(configuration: [String: String]) throws {
        let config = try KafkaConfiguration.make(Self.manualCommitDefaults.merging(configuration) { $1 })
        handle = try KafkaConfiguration.client(RD_KAFKA_CONSUMER, config)
        rd_kafka_poll_set_consumer(handle)
    }

    deinit {
        rd_kafka_consumer_close(handle)
        rd_kafka_destroy(handle)
    }

    /// Joins the group for `topics`; partitions are assigned by the group's rebalance.
    public func subscribe(_ topics: [String]) throws {
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
        let result = rd_kafka_subscribe(handle, list)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: "subscribe \(topics)") }
    }

    /// The next record, or nil when none arrived within the timeout.
    public func poll(timeoutMilliseconds: Int32) throws -> KafkaRecord? {
        guard let message = rd_kafka_consumer_poll(handle, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        let error = message.pointee.err
        if error == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(error, context: "consume") }
        return Self.record(from: message)
    }

    /// Commits, for each partition of `records`, the offset after its highest record; waits for the broker.
    public func commit(_ records: [KafkaRecord]) throws {
        var next: [String: [Int32: Int64]] = [:]
        for record in records {
            next[record.topic, default: [:]][record.partition] = max(next[record.topic]?[record.partition] ?? 0, record.offset + 1)
        }
        guard !next.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(records.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (topic, partitions) in next {
            for (partition, offset) in partitions {
                rd_kafka_topic_partition_list_add(list, topic, partition)?.pointee.offset = offset
            }
        }
        let result = rd_kafka_commit(handle, list, 0)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: "commit") }
    }

    /// The end of `topic`/`partition` (the offset the next record will get) as the broker last reported it
    /// with fetched data; nil before the first fetch. Sends no request, so a consumer loop can ask after
    /// every batch: the lag behind it is this minus the committed offset.
    public func cachedHighWatermark(topic: String, partition: Int32) -> Int64? {
        var low: Int64 = 0
        var high: Int64 = 0
        let result = rd_kafka_get_watermark_offsets(handle, topic, partition, &low, &high)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return high
    }

    private static func record(from message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaRecord {
        let fields = message.pointee
        let value = fields.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: fields.len)) } ?? []
        let key = fields.key.map { Array(UnsafeRawBufferPointer(start: $0, count: fields.key_len)) }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaRecord(
            topic: String(cString: rd_kafka_topic_name(fields.rkt)), partition: fields.partition, offset: fields.offset,
            key: key, value: value, headers: headers(of: message),
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp)
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [(name: String, value: [UInt8])] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [(name: String, value: [UInt8])] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            headers.append((name.map { String(cString: $0) } ?? "", bytes))
            index += 1
        }
        return headers
    }
}
