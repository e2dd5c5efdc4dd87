import NIOCore

/// JoinGroup, SyncGroup and LeaveGroup: answered when ``GroupCoordinator`` says the answer is due.
extension KafkaRequestRouter {
    func joinGroup(_ request: JoinGroupRequest, _ context: RequestContext) -> KafkaReply {
        let promise = context.eventLoop.makePromise(of: JoinGroupResponse.self)
        coordinator.join(request, clientId: context.header.clientId ?? "", clientHost: context.clientHost, promise: promise)
        let header = context.header
        let router = self
        return .later(promise.futureResult.map { response in
            [router.respond(header) { response.write(to: &$0, version: header.apiVersion) }]
        })
    }

    func syncGroup(_ request: SyncGroupRequest, _ context: RequestContext) -> KafkaReply {
        let promise = context.eventLoop.makePromise(of: SyncGroupResponse.self)
        coordinator.sync(request, promise: promise)
        let header = context.header
        let router = self
        return .later(promise.futureResult.map { response in
            [router.respond(header) { response.write(to: &$0, version: header.apiVersion) }]
        })
    }

    func leaveGroup(_ request: LeaveGroupRequest, _ context: RequestContext) -> KafkaReply {
        let promise = context.eventLoop.makePromise(of: KafkaErrorCode.self)
        coordinator.leave(request, promise: promise)
        let header = context.header
        let router = self
        return .later(promise.futureResult.map { code in
            [router.respond(header) { ErrorOnlyResponse(errorCode: code).write(to: &$0, version: header.apiVersion) }]
        })
    }
}
