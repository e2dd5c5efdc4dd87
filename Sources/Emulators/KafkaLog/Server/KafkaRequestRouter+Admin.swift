import NIOCore

/// CreateTopics, DeleteTopics, CreatePartitions and DescribeConfigs.
extension KafkaRequestRouter {
    /// The topic configs DescribeConfigs reports: Kafka's defaults; only `message.timestamp.type` is
    /// the topic's own (see ``TopicConfig``), the log enforces none of the others.
    static let topicConfigDefaults: [(name: String, value: String)] = [
        ("cleanup.policy", "delete"),
        ("compression.type", "producer"),
        ("max.message.bytes", "1048588"),
        ("message.timestamp.type", "CreateTime"),
        ("min.insync.replicas", "1"),
        ("retention.bytes", "-1"),
        ("retention.ms", "604800000"),
        ("segment.bytes", "1073741824"),
    ]

    func createTopics(_ request: CreateTopicsRequest, _ context: RequestContext) -> ByteBuffer {
        let results = request.topics.map { topic -> TopicResult in
            if topic.replicationFactor > 1 { return .init(name: topic.name, errorCode: .invalidReplicationFactor) }
            let count = topic.assignedPartitions > 0 ? topic.assignedPartitions : Int(topic.partitionCount)
            if count == 0 || count < -1 { return .init(name: topic.name, errorCode: .invalidPartitions) }
            guard let config = TopicConfig(configs: topic.configs) else { return .init(name: topic.name, errorCode: .invalidConfig) }
            return .init(name: topic.name, errorCode: store.createTopic(
                topic.name, partitions: count, config: config, validateOnly: request.validateOnly))
        }
        return respond(context.header) { CreateTopicsResponse(topics: results).write(to: &$0, version: context.version) }
    }

    func deleteTopics(_ request: DeleteTopicsRequest, _ context: RequestContext) -> ByteBuffer {
        let results = request.names.map { TopicResult(name: $0, errorCode: store.deleteTopic($0)) }
        return respond(context.header) { DeleteTopicsResponse(topics: results).write(to: &$0, version: context.version) }
    }

    func createPartitions(_ request: CreatePartitionsRequest, _ context: RequestContext) -> ByteBuffer {
        let results = request.topics.map {
            TopicResult(name: $0.name, errorCode: store.createPartitions($0.name, count: Int($0.count), validateOnly: request.validateOnly))
        }
        return respond(context.header) { CreatePartitionsResponse(results: results).write(to: &$0, version: context.version) }
    }

    func describeConfigs(_ request: DescribeConfigsRequest, _ context: RequestContext) -> ByteBuffer {
        let results = request.resources.map { resource -> DescribeConfigsResponse.Result in
            guard resource.type == DescribeConfigsRequest.topicType else {
                return .init(errorCode: .none, type: resource.type, name: resource.name, configs: [])
            }
            guard let topicConfig = store.config(of: resource.name) else {
                return .init(errorCode: .unknownTopicOrPartition, type: resource.type, name: resource.name, configs: [])
            }
            let configs = Self.topicConfigDefaults
                .map { $0.name == "message.timestamp.type" ? ($0.name, topicConfig.timestampType.rawValue) : $0 }
                .filter { resource.keys?.contains($0.name) ?? true }
            return .init(errorCode: .none, type: resource.type, name: resource.name, configs: configs)
        }
        return respond(context.header) { DescribeConfigsResponse(results: results).write(to: &$0, version: context.version) }
    }
}
