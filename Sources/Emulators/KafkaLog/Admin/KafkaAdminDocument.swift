import Foundation

/// The JSON documents of the admin endpoint, built from the inspection API. Bytes are shown as UTF-8
/// text when they are valid UTF-8, otherwise as base64 with a `base64:` prefix.
enum KafkaAdminDocument {
    struct Topic: Encodable {
        var name: String
        var partitions: [Partition]
    }

    struct Partition: Encodable {
        var partition: Int32
        var logStartOffset: Int64
        var highWatermark: Int64
        var batches: Int
        var bytes: Int
    }

    struct Record: Encodable {
        var offset: Int64
        var timestamp: Int64
        var key: String?
        var value: String?
        var headers: [Header]
    }

    struct Header: Encodable {
        var name: String
        var value: String?
    }

    struct Records: Encodable {
        var records: [Record]
        var undecodedBatches: [UndecodedBatch]
    }

    struct UndecodedBatch: Encodable {
        var baseOffset: Int64
        var codec: String
    }

    struct Group: Encodable {
        var groupId: String
        var state: String
        var generationId: Int32
        var protocolName: String
        var members: [Member]
        var lag: [Lag]
    }

    struct Member: Encodable {
        var memberId: String
        var clientId: String
        var clientHost: String
    }

    struct Lag: Encodable {
        var topic: String
        var partition: Int32
        var committed: Int64
        var highWatermark: Int64
        var lag: Int64
    }

    static func text(_ bytes: [UInt8]?) -> String? {
        guard let bytes else { return nil }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return "base64:" + Data(bytes).base64EncodedString()
    }

    static func codecName(_ codec: Int) -> String {
        ["none", "gzip", "snappy", "lz4", "zstd"].indices.contains(codec) ? ["none", "gzip", "snappy", "lz4", "zstd"][codec] : "\(codec)"
    }

    static func topics(_ store: KafkaLogStore) -> [Topic] {
        store.topicNames.map { name in
            Topic(name: name, partitions: (store.partitions(of: name) ?? []).map {
                Partition(partition: $0.partition, logStartOffset: $0.logStartOffset, highWatermark: $0.highWatermark,
                          batches: $0.batches, bytes: $0.bytes)
            })
        }
    }

    static func records(_ range: KafkaLogStore.RecordRange) -> Records {
        Records(
            records: range.records.map { r in
                Record(offset: r.offset, timestamp: r.timestamp, key: text(r.key), value: text(r.value),
                       headers: r.headers.map { Header(name: $0.name, value: text($0.value)) })
            },
            undecodedBatches: range.undecodedBatches.map { UndecodedBatch(baseOffset: $0.baseOffset, codec: codecName($0.codec)) })
    }

    static func groups(_ coordinator: GroupCoordinator, _ store: KafkaLogStore) -> [Group] {
        let ids = coordinator.listGroups().map(\.groupId)
        return coordinator.describe(ids).map { g in
            let lag = coordinator.committedOffsets(group: g.groupId).sorted { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }
                .map { tp, committed in
                    let high = store.highWatermark(of: tp) ?? 0
                    return Lag(topic: tp.topic, partition: tp.partition, committed: committed, highWatermark: high, lag: max(0, high - committed))
                }
            return Group(groupId: g.groupId, state: g.state, generationId: g.generationId, protocolName: g.protocolName,
                         members: g.members.map { Member(memberId: $0.memberId, clientId: $0.clientId, clientHost: $0.clientHost) },
                         lag: lag)
        }
    }
}
