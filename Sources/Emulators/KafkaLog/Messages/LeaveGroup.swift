/// LeaveGroup (key 13) v0–v2: a member leaves, and the others rebalance without waiting for its timeout.
/// Answered with ``ErrorOnlyResponse``.
struct LeaveGroupRequest: Sendable, Equatable {
    var groupId: String
    var memberId: String

    init(from r: inout KafkaReader, version: Int16) throws {
        groupId = try r.string("group_id")
        memberId = try r.string("member_id")
    }
}
