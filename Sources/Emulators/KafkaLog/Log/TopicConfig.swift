/// The per-topic settings the log acts on.
///
/// Only the timestamp type changes what is stored: with `LogAppendTime`, every appended batch is
/// stamped with the broker's clock (attribute bit 3 and the max timestamp, CRC recomputed), as Kafka
/// does, and consumers report that time for all of its records.
public struct TopicConfig: Sendable, Equatable {
    public enum TimestampType: String, Sendable {
        case createTime = "CreateTime"
        case logAppendTime = "LogAppendTime"
    }

    public var timestampType: TimestampType = .createTime

    public init(timestampType: TimestampType = .createTime) { self.timestampType = timestampType }

    /// Reads the configs of a CreateTopics request; `nil` for a value this log cannot honour.
    init?(configs: [String: String]) {
        if let type = configs["message.timestamp.type"] {
            guard let parsed = TimestampType(rawValue: type) else { return nil }
            timestampType = parsed
        }
    }
}
