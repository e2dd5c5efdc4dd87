import CRdKafka

/// A topic to create.
public struct KafkaTopicSpec: Sendable {
    /// The topic name.
    public var name: String
    /// The number of partitions.
    public var partitions: Int32
    /// The replication factor (1 on a one-broker cluster).
    public var replicationFactor: Int32

    /// Creates a topic description.
    public init(name: String, partitions: Int32 = 1, replicationFactor: Int32 = 1) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}

/// What creating a topic did.
public enum KafkaTopicCreation: Sendable, Equatable {
    /// The topic is new.
    case created
    /// The topic was there already (creation is idempotent for callers like `sluice bootstrap`).
    case alreadyExisted
}

/// Topic administration over librdkafka's Admin API.
public final class KafkaAdmin: @unchecked Sendable {
    private let handle: OpaquePointer

    /// Connects to the cluster at `bootstrapServers`.
    public init(bootstrapServers: String) throws {
        handle = try KafkaConfiguration.client(
            RD_KAFKA_PRODUCER, try KafkaConfiguration.make(["bootstrap.servers": bootstrapServers]))
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// Creates every topic of `topics`; a topic that already exists is reported, not an error.
    public func createTopics(_ topics: [KafkaTopicSpec], timeoutMilliseconds: Int32 = 30_000) throws
        -> [String: KafkaTopicCreation]
    {
        var errorText = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        for topic in topics {
            guard let newTopic = rd_kafka_NewTopic_new(
                topic.name, topic.partitions, topic.replicationFactor, &errorText, errorText.count)
            else { throw KafkaError(code: -1, message: "topic \(topic.name): \(KafkaError.text(of: errorText))") }
            newTopics.append(newTopic)
        }
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        rd_kafka_AdminOptions_set_request_timeout(options, Int32(timeoutMilliseconds), &errorText, errorText.count)
        rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)

        guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds + 1_000) else {
            throw KafkaError(code: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue, message: "CreateTopics timed out")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR, let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(eventError, context: "CreateTopics")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return [:] }
        var outcome: [String: KafkaTopicCreation] = [:]
        for index in 0..<count {
            let name = String(cString: rd_kafka_topic_result_name(results[index]))
            switch rd_kafka_topic_result_error(results[index]) {
            case RD_KAFKA_RESP_ERR_NO_ERROR: outcome[name] = .created
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: outcome[name] = .alreadyExisted
            case let error: throw KafkaError(error, context: "create topic \(name)")
            }
        }
        return outcome
    }

    /// Every topic in the cluster with its partition count, from a Metadata request.
    public func topics(timeoutMilliseconds: Int32 = 10_000) throws -> [String: Int] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(handle, 1, nil, &metadata, timeoutMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError(result, context: "metadata") }
        defer { rd_kafka_metadata_destroy(metadata) }
        var topics: [String: Int] = [:]
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            topics[String(cString: topic.topic)] = Int(topic.partition_cnt)
        }
        return topics
    }
}
