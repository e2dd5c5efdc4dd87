import NIOCore

/// ListGroups (key 16) v0–v2: every group this coordinator knows. The request has no fields.
struct ListGroupsResponse: Sendable {
    var groups: [(groupId: String, protocolType: String)]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(Int32(0)) }
        buffer.writeInteger(KafkaErrorCode.none.code)
        buffer.writeKafkaArray(groups) { b, g in
            b.writeKafkaString(g.groupId)
            b.writeKafkaString(g.protocolType)
        }
    }
}
