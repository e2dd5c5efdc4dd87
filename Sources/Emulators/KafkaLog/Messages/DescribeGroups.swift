import NIOCore

/// DescribeGroups (key 15) v0–v4: state, protocol and members of named groups.
struct DescribeGroupsRequest: Sendable, Equatable {
    var groups: [String]

    init(from r: inout KafkaReader, version: Int16) throws {
        groups = try r.array("groups") { try $0.string("group") }
        if version >= 3 { _ = try r.bool("include_authorized_operations") }
    }
}

struct DescribeGroupsResponse: Sendable, Equatable {
    var groups: [GroupDescription]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(Int32(0)) }
        buffer.writeKafkaArray(groups) { b, g in
            b.writeInteger(g.errorCode.code)
            b.writeKafkaString(g.groupId)
            b.writeKafkaString(g.state)
            b.writeKafkaString(g.protocolType)
            b.writeKafkaString(g.protocolName)
            b.writeKafkaArray(g.members) { b, m in
                b.writeKafkaString(m.memberId)
                if version >= 4 { b.writeKafkaString(nil) }
                b.writeKafkaString(m.clientId)
                b.writeKafkaString(m.clientHost)
                b.writeKafkaBytes(m.metadata)
                b.writeKafkaBytes(m.assignment)
            }
            if version >= 3 { b.writeInteger(Int32.min) }
        }
    }
}

/// What DescribeGroups and the inspection API show of one group.
public struct GroupDescription: Sendable, Equatable {
    /// One member as the coordinator sees it.
    public struct Member: Sendable, Equatable {
        public var memberId: String
        public var clientId: String
        public var clientHost: String
        public var metadata: ByteBuffer
        public var assignment: ByteBuffer
    }

    public var errorCode: KafkaErrorCode
    public var groupId: String
    /// Kafka's state names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead.
    public var state: String
    public var protocolType: String
    public var protocolName: String
    public var generationId: Int32
    public var members: [Member]
}
