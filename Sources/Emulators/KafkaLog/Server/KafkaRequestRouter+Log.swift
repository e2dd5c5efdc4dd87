import NIOCore

/// Metadata, Produce, Fetch, ListOffsets and InitProducerId: the requests served by ``KafkaLogStore``.
extension KafkaRequestRouter {
    func metadata(_ request: MetadataRequest, _ context: RequestContext) -> ByteBuffer {
        let topics = store.describeTopics(request.topics, allowAutoCreate: request.allowAutoTopicCreation).map {
            MetadataResponse.Topic(errorCode: $0.errorCode, name: $0.name, leaders: (0..<Int32($0.partitions)).map(cluster.leader(of:)))
        }
        let response = MetadataResponse(
            brokers: cluster.running.map { .init(nodeId: $0.nodeId, host: $0.host, port: $0.port) },
            clusterId: "sluice-kafka", controllerId: cluster.coordinator?.nodeId ?? -1, topics: topics)
        return respond(context.header, capacity: 128 + topics.count * 64) { response.write(to: &$0, version: context.version) }
    }

    func produce(_ request: ProduceRequest, _ context: RequestContext) -> KafkaReply {
        let topics = request.topics.map { topic in
            ProduceResponse.Topic(name: topic.name, partitions: topic.partitions.map { p in
                let outcome = append(p.records, to: TopicPartition(topic: topic.name, partition: p.index))
                return .init(index: p.index, errorCode: outcome.errorCode, baseOffset: outcome.baseOffset,
                             logStartOffset: outcome.logStartOffset, logAppendTime: outcome.logAppendTime)
            })
        }
        guard request.acks != 0 else { return .none }
        return .now(respond(context.header) { ProduceResponse(topics: topics).write(to: &$0, version: context.version) })
    }

    /// Validates a partition's record set (outside the log's lock) and appends it, if this broker leads it.
    private func append(_ records: ByteBuffer?, to tp: TopicPartition) -> KafkaLogStore.ProduceOutcome {
        guard cluster.leader(of: tp.partition) == nodeId else {
            return .init(errorCode: .notLeaderOrFollower, baseOffset: -1, logStartOffset: -1)
        }
        do throws(RecordBatchError) {
            return store.append(try RecordBatchParser.batches(in: records ?? ByteBuffer()), to: tp)
        } catch {
            return .init(errorCode: error.errorCode, baseOffset: -1, logStartOffset: -1)
        }
    }

    /// Answers at once when `minBytes` are there or the client does not wait; otherwise parks the fetch
    /// until a partition it reads grows or `maxWaitMs` passes, whichever comes first.
    func fetch(_ request: FetchRequest, _ context: RequestContext) -> KafkaReply {
        let eventLoop = context.eventLoop
        let header = context.header
        let notLed = request.topics.contains { $0.partitions.contains { cluster.leader(of: $0.index) != nodeId } }
        if notLed {
            return .nowInParts(encode(markPartitionsLedElsewhere(store.fetch(request, waiter: nil).response), header))
        }
        guard request.maxWaitMs > 0 else {
            return .nowInParts(encode(store.fetch(request, waiter: nil).response, header))
        }
        // Both the wake-up and the timeout run on this connection's event loop, after this method returns;
        // whichever comes first takes the promise, so the answer is sent once.
        let pending = NIOLoopBoundBox(EventLoopPromise<[ByteBuffer]>?.none, eventLoop: eventLoop)
        let parkedId = NIOLoopBoundBox(UInt64?.none, eventLoop: eventLoop)
        let store = self.store
        let router = self
        @Sendable func finish() {
            guard let promise = pending.value else { return }
            pending.value = nil
            if let id = parkedId.value { store.cancelWaiter(id) }
            promise.succeed(router.encode(store.fetch(request, waiter: nil).response, header))
        }
        let (response, parked) = store.fetch(request) { eventLoop.execute { finish() } }
        guard let parked else { return .nowInParts(encode(response, header)) }
        let promise = eventLoop.makePromise(of: [ByteBuffer].self)
        pending.value = promise
        parkedId.value = parked
        let timeout = eventLoop.scheduleTask(in: .milliseconds(Int64(request.maxWaitMs))) { finish() }
        promise.futureResult.whenComplete { _ in timeout.cancel() }
        return .later(promise.futureResult)
    }

    /// A fetch answer with NOT_LEADER_OR_FOLLOWER for every partition another broker leads, which tells
    /// the client to refresh its metadata and go there.
    private func markPartitionsLedElsewhere(_ response: FetchResponse) -> FetchResponse {
        var response = response
        for t in response.topics.indices {
            for p in response.topics[t].partitions.indices where cluster.leader(of: response.topics[t].partitions[p].index) != nodeId {
                response.topics[t].partitions[p].errorCode = .notLeaderOrFollower
                response.topics[t].partitions[p].records = nil
            }
        }
        return response
    }

    /// The framed fetch answer in parts; the length prefix counts every part.
    private func encode(_ response: FetchResponse, _ header: KafkaRequestHeader) -> [ByteBuffer] {
        var head = ByteBufferAllocator().buffer(capacity: 256)
        head.writeInteger(Int32(0))
        head.writeInteger(header.correlationId)
        var parts: [ByteBuffer] = []
        response.write(to: &parts, head: head, version: header.apiVersion)
        let length = parts.reduce(0) { $0 + $1.readableBytes } - 4
        parts[0].setInteger(Int32(length), at: parts[0].readerIndex)
        return parts
    }

    func listOffsets(_ request: ListOffsetsRequest, _ context: RequestContext) -> ByteBuffer {
        let response = ListOffsetsResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { p in
                cluster.leader(of: p.index) == nodeId
                    ? store.listOffset(TopicPartition(topic: topic.name, partition: p.index), timestamp: p.timestamp)
                    : .init(index: p.index, errorCode: .notLeaderOrFollower, timestamp: -1, offset: -1)
            })
        })
        return respond(context.header) { response.write(to: &$0, version: context.version) }
    }

    func initProducerId(_ request: InitProducerIdRequest, _ context: RequestContext) -> ByteBuffer {
        let response = InitProducerIdResponse(errorCode: .none, producerId: store.allocateProducerId(), producerEpoch: 0)
        return respond(context.header) { response.write(to: &$0, version: context.version) }
    }
}
