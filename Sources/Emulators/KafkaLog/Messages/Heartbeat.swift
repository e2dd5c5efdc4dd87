import NIOCore

/// Heartbeat (key 12) v0–v3: keeps a member's session alive and tells it when to rejoin.
struct HeartbeatRequest: Sendable, Equatable {
    var groupId: String
    var generationId: Int32
    var memberId: String

    init(from r: inout KafkaReader, version: Int16) throws {
        groupId = try r.string("group_id")
        generationId = try r.int32("generation_id")
        memberId = try r.string("member_id")
        if version >= 3 { _ = try r.nullableString("group_instance_id") }
    }
}

/// The answer of Heartbeat and LeaveGroup v0–v2: an error code behind the throttle time.
struct ErrorOnlyResponse: Sendable, Equatable {
    var errorCode: KafkaErrorCode

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(Int32(0)) }
        buffer.writeInteger(errorCode.code)
    }
}
