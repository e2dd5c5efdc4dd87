/// A record to produce: where it goes and what it carries.
public struct KafkaOutgoingRecord: Sendable {
    /// The topic.
    public var topic: String
    /// The partition; nil lets the partitioner choose (by key hash when a key is set).
    public var partition: Int32?
    /// The key; nil sends a null key.
    public var key: [UInt8]?
    /// The value.
    public var value: [UInt8]
    /// Headers, in order; names may repeat.
    public var headers: [(name: String, value: [UInt8])]

    /// Creates a record.
    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8],
        headers: [(name: String, value: [UInt8])] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// Where the broker stored a produced record: it is durable (acks=all) once this exists.
public struct KafkaDeliveryReport: Sendable, Equatable {
    /// The topic.
    public let topic: String
    /// The partition it landed in.
    public let partition: Int32
    /// Its offset in that partition.
    public let offset: Int64
}

/// A record read by a consumer.
public struct KafkaRecord: Sendable {
    /// The topic.
    public let topic: String
    /// The partition.
    public let partition: Int32
    /// The offset within the partition.
    public let offset: Int64
    /// The key, nil for a null key.
    public let key: [UInt8]?
    /// The value (empty for a null value).
    public let value: [UInt8]
    /// The headers, in order.
    public let headers: [(name: String, value: [UInt8])]
    /// The record's timestamp in milliseconds since the epoch, when the broker reported one.
    public let timestampMilliseconds: Int64?
}

extension Sequence<KafkaRecord> {
    /// The offset after the last record of each partition: what a commit of these records stores, and
    /// what consumer lag is measured from.
    public func nextOffsetsByPartition() -> [Int32: Int64] {
        reduce(into: [:]) { next, record in next[record.partition] = Swift.max(next[record.partition] ?? 0, record.offset + 1) }
    }
}
