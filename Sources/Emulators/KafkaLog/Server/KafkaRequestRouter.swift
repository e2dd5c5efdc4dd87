import NIOCore

/// Reads a request's header, checks its API and version, and sends it to the handler for that API.
///
/// Shared by every connection of one broker; it holds no per-connection state. An unknown API key or an
/// unsupported version is answered, not dropped: ApiVersions with UNSUPPORTED_VERSION in its v0 layout
/// (which tells the client what to use instead), any other API with the response header followed by
/// the UNSUPPORTED_VERSION code alone. Clients only send versions they negotiated, so this answer is
/// for probes and broken clients; it keeps their connection and tells them why.
struct KafkaRequestRouter: Sendable {
    let store: KafkaLogStore
    let coordinator: GroupCoordinator
    let faults: KafkaFaultInjector
    let cluster: KafkaClusterView
    /// The broker this router answers for.
    let nodeId: Int32

    func handle(_ frame: ByteBuffer, on eventLoop: any EventLoop, clientHost: String) throws -> KafkaReply {
        var reader = KafkaReader(frame)
        let header = try KafkaRequestHeader(from: &reader)
        guard let api = KafkaApiKey(rawValue: header.apiKey), api.supportedVersions.contains(header.apiVersion) else {
            return .now(unsupported(header))
        }
        let context = RequestContext(
            header: header, eventLoop: eventLoop, clientHost: clientHost)
        switch faults.take(for: api) {
        case nil:
            return try dispatch(api, &reader, context)
        case .dropConnection:
            throw InjectedConnectionDrop()
        case .latency(let milliseconds):
            return delayed(try dispatch(api, &reader, context), by: milliseconds, on: eventLoop)
        case .error(let code):
            var copy = reader
            if let answer = try injectedError(code, api, &copy, context) { return answer }
            return try dispatch(api, &reader, context)
        }
    }

    private func dispatch(_ api: KafkaApiKey, _ reader: inout KafkaReader, _ context: RequestContext) throws -> KafkaReply {
        let header = context.header
        let version = header.apiVersion
        switch api {
        case .apiVersions:
            return .now(respond(header) { ApiVersionsResponse(errorCode: .none, apiKeys: KafkaApiKey.allCases).write(to: &$0, version: version) })
        case .metadata: return .now(metadata(try MetadataRequest(from: &reader, version: version), context))
        case .produce: return produce(try ProduceRequest(from: &reader, version: version), context)
        case .fetch: return fetch(try FetchRequest(from: &reader, version: version), context)
        case .listOffsets: return .now(listOffsets(try ListOffsetsRequest(from: &reader, version: version), context))
        case .initProducerId: return .now(initProducerId(try InitProducerIdRequest(from: &reader, version: version), context))
        case .findCoordinator:
            _ = try FindCoordinatorRequest(from: &reader, version: version)
            let coordinator = cluster.coordinator
            return .now(respond(header) {
                FindCoordinatorResponse(
                    errorCode: coordinator == nil ? .coordinatorNotAvailable : .none, nodeId: coordinator?.nodeId ?? -1,
                    host: coordinator?.host ?? "", port: coordinator?.port ?? -1
                ).write(to: &$0, version: version)
            })
        case .joinGroup: return joinGroup(try JoinGroupRequest(from: &reader, version: version), context)
        case .syncGroup: return syncGroup(try SyncGroupRequest(from: &reader, version: version), context)
        case .heartbeat:
            let code = coordinator.heartbeat(try HeartbeatRequest(from: &reader, version: version))
            return .now(respond(header) { ErrorOnlyResponse(errorCode: code).write(to: &$0, version: version) })
        case .leaveGroup: return leaveGroup(try LeaveGroupRequest(from: &reader, version: version), context)
        case .offsetCommit:
            let response = coordinator.commit(try OffsetCommitRequest(from: &reader, version: version))
            return .now(respond(header) { response.write(to: &$0, version: version) })
        case .offsetFetch:
            let response = coordinator.committedOffsets(try OffsetFetchRequest(from: &reader, version: version))
            return .now(respond(header) { response.write(to: &$0, version: version) })
        case .describeGroups:
            let groups = coordinator.describe(try DescribeGroupsRequest(from: &reader, version: version).groups)
            return .now(respond(header) { DescribeGroupsResponse(groups: groups).write(to: &$0, version: version) })
        case .listGroups:
            let groups = coordinator.listGroups()
            return .now(respond(header) { ListGroupsResponse(groups: groups).write(to: &$0, version: version) })
        case .createTopics: return .now(createTopics(try CreateTopicsRequest(from: &reader, version: version), context))
        case .deleteTopics: return .now(deleteTopics(try DeleteTopicsRequest(from: &reader, version: version), context))
        case .createPartitions: return .now(createPartitions(try CreatePartitionsRequest(from: &reader, version: version), context))
        case .describeConfigs: return .now(describeConfigs(try DescribeConfigsRequest(from: &reader, version: version), context))
        }
    }

    /// The error answer for an API key or version this broker does not implement.
    private func unsupported(_ header: KafkaRequestHeader) -> ByteBuffer {
        respond(header) { buffer in
            if header.apiKey == KafkaApiKey.apiVersions.rawValue {
                ApiVersionsResponse(errorCode: .unsupportedVersion, apiKeys: KafkaApiKey.allCases).write(to: &buffer, version: 0)
            } else {
                // A flexible request expects response header v1: an (empty) tagged-field section first.
                if let api = KafkaApiKey(rawValue: header.apiKey), api.isFlexible(header.apiVersion) { buffer.writeEmptyTaggedFields() }
                buffer.writeInteger(KafkaErrorCode.unsupportedVersion.code)
            }
        }
    }

    /// Frames a response: the length prefix, the correlation id (response header v0; no API here answers
    /// with a flexible version except ApiVersions, whose header stays v0), then the body.
    func respond(_ header: KafkaRequestHeader, capacity: Int = 256, _ body: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: capacity)
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(header.correlationId)
        body(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: buffer.readerIndex)
        return buffer
    }
}

/// What a request's handler needs to know besides the request itself.
struct RequestContext {
    var header: KafkaRequestHeader
    var eventLoop: any EventLoop
    var clientHost: String
    var version: Int16 { header.apiVersion }
}
