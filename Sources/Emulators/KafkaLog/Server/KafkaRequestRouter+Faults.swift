import NIOCore

/// Carrying out ``KafkaFault/error(_:)`` and ``KafkaFault/latency(milliseconds:)``.
extension KafkaRequestRouter {
    /// The request answered with `code` wherever its response carries an error code, or `nil` when the
    /// API's response has none (the request is then served normally).
    func injectedError(_ code: KafkaErrorCode, _ api: KafkaApiKey, _ r: inout KafkaReader, _ context: RequestContext) throws -> KafkaReply? {
        let header = context.header
        let v = context.version
        func answer(_ write: (inout ByteBuffer) -> Void) -> KafkaReply { .now(respond(header, write)) }
        switch api {
        case .produce:
            let request = try ProduceRequest(from: &r, version: v)
            if request.acks == 0 { return KafkaReply.none }
            let response = ProduceResponse(topics: request.topics.map { t in
                .init(name: t.name, partitions: t.partitions.map { .init(index: $0.index, errorCode: code, baseOffset: -1, logStartOffset: -1) })
            })
            return answer { response.write(to: &$0, version: v) }
        case .fetch:
            let request = try FetchRequest(from: &r, version: v)
            let response = FetchResponse(topics: request.topics.map { t in
                .init(name: t.name, partitions: t.partitions.map {
                    .init(index: $0.index, errorCode: code, highWatermark: -1, logStartOffset: -1, records: nil)
                })
            })
            var parts: [ByteBuffer] = []
            var head = ByteBuffer()
            head.writeInteger(Int32(0))
            head.writeInteger(header.correlationId)
            response.write(to: &parts, head: head, version: v)
            parts[0].setInteger(Int32(parts.reduce(0) { $0 + $1.readableBytes } - 4), at: parts[0].readerIndex)
            return .nowInParts(parts)
        case .listOffsets:
            let request = try ListOffsetsRequest(from: &r, version: v)
            let response = ListOffsetsResponse(topics: request.topics.map { t in
                .init(name: t.name, partitions: t.partitions.map { .init(index: $0.index, errorCode: code, timestamp: -1, offset: -1) })
            })
            return answer { response.write(to: &$0, version: v) }
        case .metadata:
            let request = try MetadataRequest(from: &r, version: v)
            let response = MetadataResponse(
                brokers: cluster.running.map { .init(nodeId: $0.nodeId, host: $0.host, port: $0.port) }, clusterId: "sluice-kafka",
                controllerId: cluster.coordinator?.nodeId ?? -1,
                topics: (request.topics ?? []).map { .init(errorCode: code, name: $0, leaders: []) })
            return answer { response.write(to: &$0, version: v) }
        case .findCoordinator:
            _ = try FindCoordinatorRequest(from: &r, version: v)
            return answer { FindCoordinatorResponse(errorCode: code, nodeId: -1, host: "", port: -1).write(to: &$0, version: v) }
        case .joinGroup:
            let request = try JoinGroupRequest(from: &r, version: v)
            return answer { JoinGroupResponse.failure(code, memberId: request.memberId).write(to: &$0, version: v) }
        case .syncGroup:
            _ = try SyncGroupRequest(from: &r, version: v)
            return answer { SyncGroupResponse(errorCode: code, assignment: ByteBuffer()).write(to: &$0, version: v) }
        case .heartbeat, .leaveGroup:
            return answer { ErrorOnlyResponse(errorCode: code).write(to: &$0, version: v) }
        case .offsetCommit:
            let request = try OffsetCommitRequest(from: &r, version: v)
            let response = OffsetCommitResponse(topics: request.topics.map { t in
                .init(name: t.name, partitions: t.partitions.map { ($0.index, code) })
            })
            return answer { response.write(to: &$0, version: v) }
        case .initProducerId:
            return answer { InitProducerIdResponse(errorCode: code, producerId: -1, producerEpoch: -1).write(to: &$0, version: v) }
        case .createTopics:
            let request = try CreateTopicsRequest(from: &r, version: v)
            return answer { CreateTopicsResponse(topics: request.topics.map { .init(name: $0.name, errorCode: code) }).write(to: &$0, version: v) }
        case .deleteTopics:
            let request = try DeleteTopicsRequest(from: &r, version: v)
            return answer { DeleteTopicsResponse(topics: request.names.map { .init(name: $0, errorCode: code) }).write(to: &$0, version: v) }
        case .createPartitions:
            let request = try CreatePartitionsRequest(from: &r, version: v)
            return answer { CreatePartitionsResponse(results: request.topics.map { .init(name: $0.name, errorCode: code) }).write(to: &$0, version: v) }
        case .apiVersions, .offsetFetch, .describeGroups, .listGroups, .describeConfigs:
            return nil
        }
    }

    /// The same reply, sent `milliseconds` later.
    func delayed(_ reply: KafkaReply, by milliseconds: Int64, on eventLoop: any EventLoop) -> KafkaReply {
        let delay = TimeAmount.milliseconds(milliseconds)
        switch reply {
        case .none: return .none
        case .now(let buffer): return .later(eventLoop.scheduleTask(in: delay) { [buffer] }.futureResult)
        case .nowInParts(let parts): return .later(eventLoop.scheduleTask(in: delay) { parts }.futureResult)
        case .later(let future):
            return .later(future.flatMap { parts in eventLoop.scheduleTask(in: delay) { parts }.futureResult })
        }
    }
}
