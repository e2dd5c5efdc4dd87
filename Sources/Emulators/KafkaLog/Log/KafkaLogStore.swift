import Foundation
import NIOCore
import Synchronization

/// Every topic and partition of the emulated cluster, shared by all connections.
///
/// One mutex guards the whole log: requests touch several partitions at once (a fetch, a produce), and
/// a single lock keeps each request atomic without lock ordering. Batch parsing and CRC checks happen
/// before the lock is taken, so the critical sections only move buffers. Long-polling fetches register
/// a wake-up here and are called (outside the lock) when a partition they read grows.
public final class KafkaLogStore: Sendable {
    /// The outcome of producing to one partition.
    struct ProduceOutcome: Sendable, Equatable {
        var errorCode: KafkaErrorCode
        var baseOffset: Int64
        var logStartOffset: Int64
        /// The broker time stamped on the records of a LogAppendTime topic; -1 otherwise.
        var logAppendTime: Int64 = -1
    }

    /// The outcome of reading one partition.
    struct FetchOutcome: Sendable {
        var errorCode: KafkaErrorCode
        var highWatermark: Int64
        var logStartOffset: Int64
        /// The batches to send, `nil` for a partition answered with an error.
        var records: [ByteBuffer]?
    }

    private struct Waiter {
        var partitions: Set<TopicPartition>
        var wake: @Sendable () -> Void
    }

    private struct State {
        var topics: [String: [PartitionLog]] = [:]
        var configs: [String: TopicConfig] = [:]
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiterId: UInt64 = 0
        var nextProducerId: Int64 = 1000
    }

    /// Partitions of a topic created without a count (auto-created, or CreateTopics with -1).
    public let defaultPartitions: Int
    /// Whether a Metadata request for an unknown topic creates it, as Kafka's `auto.create.topics.enable`.
    public let autoCreateTopics: Bool
    private let state = Mutex(State())
    private let files: KafkaSegmentFiles?

    private init(defaultPartitions: Int, autoCreateTopics: Bool, files: KafkaSegmentFiles?) {
        self.defaultPartitions = max(1, defaultPartitions)
        self.autoCreateTopics = autoCreateTopics
        self.files = files
        if let files {
            let loaded = files.load()
            let configs = files.loadConfigs().filter { loaded[$0.key] != nil }
            state.withLock {
                $0.topics = loaded
                $0.configs = configs
            }
        }
    }

    /// A log kept in memory only.
    public convenience init(defaultPartitions: Int = 1, autoCreateTopics: Bool = true) {
        self.init(defaultPartitions: defaultPartitions, autoCreateTopics: autoCreateTopics, files: nil)
    }

    /// A log kept in segment files under `dataDirectory` (created if missing), starting from what is there.
    public convenience init(defaultPartitions: Int = 1, autoCreateTopics: Bool = true, dataDirectory: String) throws {
        self.init(defaultPartitions: defaultPartitions, autoCreateTopics: autoCreateTopics,
                  files: try KafkaSegmentFiles(directory: dataDirectory))
    }

    // MARK: Topics

    /// Kafka's rule: 1–249 characters from `[a-zA-Z0-9._-]`, and not `.` or `..`.
    static func isValidTopicName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 249, name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2e || c == 0x5f || c == 0x2d
        }
    }

    /// Creates a topic; `partitions` below 1 means ``defaultPartitions``.
    public func createTopic(_ name: String, partitions: Int, config: TopicConfig = .init(), validateOnly: Bool = false) -> KafkaErrorCode {
        guard Self.isValidTopicName(name) else { return .invalidTopic }
        let count = partitions < 1 ? defaultPartitions : partitions
        return state.withLock { s in
            if s.topics[name] != nil { return .topicAlreadyExists }
            if !validateOnly {
                s.topics[name] = Array(repeating: PartitionLog(), count: count)
                s.configs[name] = config == .init() ? nil : config
                files?.createPartitions(name, 0..<count)
                files?.saveConfig(config, of: name)
            }
            return .none
        }
    }

    /// Deletes a topic with its records (and its files); its committed offsets stay until they expire.
    public func deleteTopic(_ name: String) -> KafkaErrorCode {
        state.withLock { s in
            guard let removed = s.topics.removeValue(forKey: name) else { return .unknownTopicOrPartition }
            s.configs[name] = nil
            files?.deleteTopic(name, partitions: removed.count)
            return .none
        }
    }

    /// Grows a topic to `count` partitions; shrinking is refused as Kafka refuses it.
    public func createPartitions(_ name: String, count: Int, validateOnly: Bool = false) -> KafkaErrorCode {
        state.withLock { s in
            guard let partitions = s.topics[name] else { return .unknownTopicOrPartition }
            guard count > partitions.count else { return .invalidPartitions }
            if !validateOnly {
                s.topics[name] = partitions + Array(repeating: PartitionLog(), count: count - partitions.count)
                files?.createPartitions(name, partitions.count..<count)
            }
            return .none
        }
    }

    /// Partition counts of the named topics (`nil`: all), creating missing ones when allowed.
    func describeTopics(_ names: [String]?, allowAutoCreate: Bool) -> [(name: String, errorCode: KafkaErrorCode, partitions: Int)] {
        state.withLock { s in
            guard let names else { return s.topics.keys.sorted().map { ($0, .none, s.topics[$0]!.count) } }
            return names.map { name in
                if let partitions = s.topics[name] { return (name, .none, partitions.count) }
                guard Self.isValidTopicName(name) else { return (name, .invalidTopic, 0) }
                guard allowAutoCreate && autoCreateTopics else { return (name, .unknownTopicOrPartition, 0) }
                s.topics[name] = Array(repeating: PartitionLog(), count: defaultPartitions)
                files?.createPartitions(name, 0..<defaultPartitions)
                return (name, .none, defaultPartitions)
            }
        }
    }

    /// The names of every topic, sorted.
    public var topicNames: [String] { state.withLock { $0.topics.keys.sorted() } }

    /// The settings of `topic`, or `nil` if it does not exist.
    public func config(of topic: String) -> TopicConfig? {
        state.withLock { s in s.topics[topic] == nil ? nil : s.configs[topic] ?? TopicConfig() }
    }

    /// How many partitions `topic` has, or `nil` if it does not exist.
    public func partitionCount(of topic: String) -> Int? { state.withLock { $0.topics[topic]?.count } }

    /// The high watermark of one partition, or `nil` if it does not exist.
    public func highWatermark(of tp: TopicPartition) -> Int64? {
        state.withLock { s in
            guard let logs = s.topics[tp.topic], logs.indices.contains(Int(tp.partition)) else { return nil }
            return logs[Int(tp.partition)].highWatermark
        }
    }

    /// One partition as the inspection API shows it.
    public struct PartitionSummary: Sendable, Equatable {
        public var partition: Int32
        public var logStartOffset: Int64
        public var highWatermark: Int64
        public var batches: Int
        public var bytes: Int
    }

    /// Records of one partition, and the batches in the range that could not be decoded.
    public struct RecordRange: Sendable, Equatable {
        public var records: [KafkaLogRecord]
        /// Base offset and codec (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd) of each batch in the range that
        /// could not be decoded.
        public var undecodedBatches: [UndecodedBatch]

        public struct UndecodedBatch: Sendable, Equatable {
            public var baseOffset: Int64
            public var codec: Int
        }
    }

    /// The partitions of `topic`, or `nil` if it does not exist.
    public func partitions(of topic: String) -> [PartitionSummary]? {
        state.withLock { s in
            s.topics[topic]?.enumerated().map { i, log in
                PartitionSummary(partition: Int32(i), logStartOffset: log.logStartOffset, highWatermark: log.highWatermark,
                                 batches: log.batches.count, bytes: log.batches.reduce(0) { $0 + $1.bytes.readableBytes })
            }
        }
    }

    /// Up to `limit` records of one partition from `offset` on, or `nil` if the partition does not exist.
    public func records(of tp: TopicPartition, from offset: Int64, limit: Int) -> RecordRange? {
        let log: PartitionLog? = state.withLock { s in
            guard let logs = s.topics[tp.topic], logs.indices.contains(Int(tp.partition)) else { return nil }
            return logs[Int(tp.partition)]
        }
        guard let log else { return nil }
        let (records, undecoded) = log.records(from: offset, limit: limit)
        return RecordRange(records: records, undecodedBatches: undecoded.map { .init(baseOffset: $0.baseOffset, codec: $0.codec) })
    }

    // MARK: Produce and fetch

    /// Appends already validated batches to one partition and wakes the fetches waiting on it.
    func append(_ batches: [RecordBatchParser.Batch], to tp: TopicPartition) -> ProduceOutcome {
        let (outcome, wake): (ProduceOutcome, [@Sendable () -> Void]) = state.withLock { s in
            guard let count = s.topics[tp.topic]?.count, tp.partition >= 0, Int(tp.partition) < count else {
                return (ProduceOutcome(errorCode: .unknownTopicOrPartition, baseOffset: -1, logStartOffset: -1), [])
            }
            let index = Int(tp.partition)
            let stored = s.topics[tp.topic]![index].batches.count
            let appendTime = s.configs[tp.topic]?.timestampType == .logAppendTime ? Int64(Date().timeIntervalSince1970 * 1000) : nil
            let result = s.topics[tp.topic]![index].append(batches, logAppendTime: appendTime)
            if let files, s.topics[tp.topic]![index].batches.count > stored {
                files.append(s.topics[tp.topic]![index].batches[stored...], to: tp)
            }
            let start = s.topics[tp.topic]![index].logStartOffset
            switch result {
            case .failure(let code):
                return (ProduceOutcome(errorCode: code, baseOffset: -1, logStartOffset: start), [])
            case .success(let base):
                var wake: [@Sendable () -> Void] = []
                for (id, waiter) in s.waiters where waiter.partitions.contains(tp) {
                    wake.append(waiter.wake)
                    s.waiters[id] = nil
                }
                return (ProduceOutcome(errorCode: .none, baseOffset: base, logStartOffset: start, logAppendTime: appendTime ?? -1), wake)
            }
        }
        for w in wake { w() }
        return outcome
    }

    /// Reads the partitions of one fetch request. When fewer than `minBytes` are available and `waiter` is
    /// given, it is registered (under the same lock, so no append can slip in between) and its id returned.
    func fetch(
        _ request: FetchRequest, waiter: (@Sendable () -> Void)?
    ) -> (response: FetchResponse, parkedAs: UInt64?) {
        state.withLock { s in
            var available = 0
            var budget = max(Int(request.maxBytes), 1)
            var topics: [FetchResponse.Topic] = []
            for topic in request.topics {
                var partitions: [FetchResponse.Partition] = []
                for p in topic.partitions {
                    guard let logs = s.topics[topic.name], logs.indices.contains(Int(p.index)) else {
                        partitions.append(.init(index: p.index, errorCode: .unknownTopicOrPartition, highWatermark: -1, logStartOffset: -1, records: nil))
                        continue
                    }
                    let log = logs[Int(p.index)]
                    let limit = max(0, min(Int(p.maxBytes), budget))
                    let read = limit == 0 && available > 0 ? .success([]) : log.read(from: p.fetchOffset, maxBytes: limit)
                    switch read {
                    case .failure(let code):
                        partitions.append(.init(index: p.index, errorCode: code, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset, records: nil))
                    case .success(let batches):
                        let n = batches.reduce(0) { $0 + $1.readableBytes }
                        available += n
                        budget -= n
                        partitions.append(.init(index: p.index, errorCode: .none, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset, records: batches))
                    }
                }
                topics.append(.init(name: topic.name, partitions: partitions))
            }
            let response = FetchResponse(topics: topics)
            guard let waiter, available < max(Int(request.minBytes), 1) else { return (response, nil) }
            let keys = Set(request.topics.flatMap { t in t.partitions.map { TopicPartition(topic: t.name, partition: $0.index) } })
            let id = s.nextWaiterId
            s.nextWaiterId += 1
            s.waiters[id] = Waiter(partitions: keys, wake: waiter)
            return (response, id)
        }
    }

    /// Forgets a parked fetch that timed out or whose connection closed.
    func cancelWaiter(_ id: UInt64) {
        _ = state.withLock { $0.waiters.removeValue(forKey: id) }
    }

    /// ListOffsets for one partition: -2 earliest, -1 latest, otherwise the first offset at or after the time.
    func listOffset(_ tp: TopicPartition, timestamp: Int64) -> ListOffsetsResponse.Partition {
        state.withLock { s in
            guard let logs = s.topics[tp.topic], logs.indices.contains(Int(tp.partition)) else {
                return .init(index: tp.partition, errorCode: .unknownTopicOrPartition, timestamp: -1, offset: -1)
            }
            let log = logs[Int(tp.partition)]
            switch timestamp {
            case -2: return .init(index: tp.partition, errorCode: .none, timestamp: -1, offset: log.logStartOffset)
            case -1: return .init(index: tp.partition, errorCode: .none, timestamp: -1, offset: log.highWatermark)
            default:
                let hit = log.offset(atOrAfter: timestamp)
                return .init(index: tp.partition, errorCode: .none, timestamp: hit?.timestamp ?? -1, offset: hit?.offset ?? -1)
            }
        }
    }

    /// A fresh producer id for InitProducerId.
    func allocateProducerId() -> Int64 {
        state.withLock { s in
            defer { s.nextProducerId += 1 }
            return s.nextProducerId
        }
    }
}
