import NIOCore

/// SyncGroup (key 14) v0–v3: the leader hands in every member's assignment; each member gets its own.
struct SyncGroupRequest: Sendable, Equatable {
    var groupId: String
    var generationId: Int32
    var memberId: String
    var assignments: [String: ByteBuffer]

    init(from r: inout KafkaReader, version: Int16) throws {
        groupId = try r.string("group_id")
        generationId = try r.int32("generation_id")
        memberId = try r.string("member_id")
        if version >= 3 { _ = try r.nullableString("group_instance_id") }
        let pairs = try r.array("assignments") { r in (try r.string("member_id"), try r.bytes("assignment")) }
        assignments = Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }
}

struct SyncGroupResponse: Sendable, Equatable {
    var errorCode: KafkaErrorCode
    var assignment: ByteBuffer

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(Int32(0)) }
        buffer.writeInteger(errorCode.code)
        buffer.writeKafkaBytes(assignment)
    }
}
