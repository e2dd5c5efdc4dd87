import NIOCore

/// JoinGroup (key 11) v0–v5: a member asks to take part in the group's next generation.
struct JoinGroupRequest: Sendable, Equatable {
    var groupId: String
    var sessionTimeoutMs: Int32
    var rebalanceTimeoutMs: Int32
    var memberId: String
    var protocolType: String
    var protocols: [GroupProtocol]

    init(from r: inout KafkaReader, version: Int16) throws {
        groupId = try r.string("group_id")
        sessionTimeoutMs = try r.int32("session_timeout_ms")
        rebalanceTimeoutMs = version >= 1 ? try r.int32("rebalance_timeout_ms") : sessionTimeoutMs
        memberId = try r.string("member_id")
        if version >= 5 { _ = try r.nullableString("group_instance_id") }
        protocolType = try r.string("protocol_type")
        protocols = try r.array("protocols") { r in
            GroupProtocol(name: try r.string("name"), metadata: try r.bytes("metadata"))
        }
    }
}

/// One assignment strategy a member supports, with its opaque subscription metadata.
struct GroupProtocol: Sendable, Equatable {
    var name: String
    var metadata: ByteBuffer
}

struct JoinGroupResponse: Sendable, Equatable {
    struct Member: Sendable, Equatable {
        var memberId: String
        var metadata: ByteBuffer
    }

    var errorCode: KafkaErrorCode
    var generationId: Int32
    var protocolName: String
    var leader: String
    var memberId: String
    /// Filled only in the leader's answer: the leader computes every member's assignment.
    var members: [Member]

    static func failure(_ code: KafkaErrorCode, memberId: String) -> Self {
        Self(errorCode: code, generationId: -1, protocolName: "", leader: "", memberId: memberId, members: [])
    }

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 2 { buffer.writeInteger(Int32(0)) }
        buffer.writeInteger(errorCode.code)
        buffer.writeInteger(generationId)
        buffer.writeKafkaString(protocolName)
        buffer.writeKafkaString(leader)
        buffer.writeKafkaString(memberId)
        buffer.writeKafkaArray(members) { b, m in
            b.writeKafkaString(m.memberId)
            if version >= 5 { b.writeKafkaString(nil) }
            b.writeKafkaBytes(m.metadata)
        }
    }
}
