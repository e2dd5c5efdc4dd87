import NIOCore

/// One consumer group's membership protocol (Kafka's classic, eager rebalance) as a value type.
///
/// Each method is one event — a JoinGroup, SyncGroup, Heartbeat or LeaveGroup arrived, or time passed —
/// and returns the answers that are now due. JoinGroup and SyncGroup answers are often due later than the
/// request (a join waits until every member has rejoined, a follower's sync waits for the leader's), so
/// the machine never answers directly: ``GroupCoordinator`` parks the requests and delivers the actions.
/// Times are milliseconds on a monotonic clock, passed in so tests control them.
struct ConsumerGroupStateMachine: Sendable {
    enum Phase: Sendable, Equatable {
        case empty
        /// Waiting for every member to (re)join, until `deadline`; members that do not are dropped.
        case preparingRebalance(deadline: Int64)
        /// The generation is formed; waiting for the leader's SyncGroup with the assignments.
        case completingRebalance
        case stable

        /// The state name DescribeGroups reports.
        var kafkaName: String {
            switch self {
            case .empty: "Empty"
            case .preparingRebalance: "PreparingRebalance"
            case .completingRebalance: "CompletingRebalance"
            case .stable: "Stable"
            }
        }
    }

    struct Member: Sendable {
        var id: String
        var clientId: String
        var clientHost: String
        var sessionTimeoutMs: Int64
        var rebalanceTimeoutMs: Int64
        var protocols: [GroupProtocol]
        var lastSeen: Int64
        var assignment = ByteBuffer()
        var awaitingJoin = false
        var awaitingSync = false
        /// Told of the current rebalance (a heartbeat answered REBALANCE_IN_PROGRESS, or it rejoined).
        var knowsOfRebalance = false
    }

    /// An answer that is now due to a parked request.
    enum Action: Sendable, Equatable {
        case answerJoin(memberId: String, JoinGroupResponse)
        case answerSync(memberId: String, SyncGroupResponse)
    }

    /// Who is joining, as JoinGroup says.
    struct JoinRequest: Sendable {
        var memberId: String
        var clientId: String
        var clientHost: String
        var protocolType: String
        var protocols: [GroupProtocol]
        var sessionTimeoutMs: Int64
        var rebalanceTimeoutMs: Int64
    }

    let groupId: String
    private(set) var phase: Phase = .empty
    private(set) var generationId: Int32 = 0
    private(set) var protocolType = ""
    private(set) var protocolName = ""
    private(set) var leaderId = ""
    /// Members in join order; the first is the default leader.
    private(set) var members: [Member] = []
    private var memberSerial = 0

    init(groupId: String) { self.groupId = groupId }

    private func index(of memberId: String) -> Int? { members.firstIndex { $0.id == memberId } }

    // MARK: Events

    /// Returns the member id the joiner is known by from now on (generated for a first join) and the answers due.
    mutating func joinReceived(_ join: JoinRequest, now: Int64) -> (memberId: String, actions: [Action]) {
        let names = Set(join.protocols.map(\.name))
        let compatible = members.isEmpty
            || (join.protocolType == protocolType && members.allSatisfy { m in m.id == join.memberId || m.protocols.contains { names.contains($0.name) } })
        guard compatible, !names.isEmpty else {
            return (join.memberId, [.answerJoin(memberId: join.memberId, .failure(.inconsistentGroupProtocol, memberId: join.memberId))])
        }
        var memberId = join.memberId
        if memberId.isEmpty {
            memberSerial += 1
            memberId = "\(join.clientId)-\(memberSerial)-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        } else if index(of: memberId) == nil {
            return (memberId, [.answerJoin(memberId: memberId, .failure(.unknownMemberId, memberId: memberId))])
        }
        protocolType = join.protocolType
        var member = index(of: memberId).map { members[$0] } ?? Member(
            id: memberId, clientId: join.clientId, clientHost: join.clientHost, sessionTimeoutMs: join.sessionTimeoutMs,
            rebalanceTimeoutMs: join.rebalanceTimeoutMs, protocols: join.protocols, lastSeen: now)
        member.protocols = join.protocols
        member.sessionTimeoutMs = join.sessionTimeoutMs
        member.rebalanceTimeoutMs = join.rebalanceTimeoutMs
        member.lastSeen = now
        member.awaitingJoin = true
        member.knowsOfRebalance = true
        if let i = index(of: memberId) { members[i] = member } else { members.append(member) }
        return (memberId, startRebalance(now: now) + completeJoinIfReady())
    }

    mutating func syncReceived(memberId: String, generationId: Int32, assignments: [String: ByteBuffer], now: Int64) -> [Action] {
        guard let i = index(of: memberId) else { return [.answerSync(memberId: memberId, .init(errorCode: .unknownMemberId, assignment: ByteBuffer()))] }
        members[i].lastSeen = now
        guard generationId == self.generationId else { return [.answerSync(memberId: memberId, .init(errorCode: .illegalGeneration, assignment: ByteBuffer()))] }
        switch phase {
        case .empty, .preparingRebalance:
            return [.answerSync(memberId: memberId, .init(errorCode: .rebalanceInProgress, assignment: ByteBuffer()))]
        case .stable:
            return [.answerSync(memberId: memberId, .init(errorCode: .none, assignment: members[i].assignment))]
        case .completingRebalance:
            members[i].awaitingSync = true
            guard memberId == leaderId else { return [] }
            for j in members.indices { members[j].assignment = assignments[members[j].id] ?? ByteBuffer() }
            phase = .stable
            var actions: [Action] = []
            for j in members.indices where members[j].awaitingSync {
                members[j].awaitingSync = false
                actions.append(.answerSync(memberId: members[j].id, .init(errorCode: .none, assignment: members[j].assignment)))
            }
            return actions
        }
    }

    mutating func heartbeatReceived(memberId: String, generationId: Int32, now: Int64) -> KafkaErrorCode {
        guard let i = index(of: memberId) else { return .unknownMemberId }
        members[i].lastSeen = now
        if case .preparingRebalance = phase {
            members[i].knowsOfRebalance = true
            return .rebalanceInProgress
        }
        return generationId == self.generationId ? .none : .illegalGeneration
    }

    mutating func leaveReceived(memberId: String, now: Int64) -> (KafkaErrorCode, [Action]) {
        guard let i = index(of: memberId) else { return (.unknownMemberId, []) }
        var actions: [Action] = []
        if members[i].awaitingJoin { actions.append(.answerJoin(memberId: memberId, .failure(.unknownMemberId, memberId: memberId))) }
        members.remove(at: i)
        actions += membershipChanged(now: now)
        return (.none, actions)
    }

    /// Drops members whose session expired and ends a rebalance whose deadline passed.
    mutating func timePassed(now: Int64) -> [Action] {
        var actions: [Action] = []
        let expired = members.filter { !$0.awaitingJoin && now - $0.lastSeen > $0.sessionTimeoutMs }.map(\.id)
        if !expired.isEmpty {
            members.removeAll { expired.contains($0.id) }
            actions += membershipChanged(now: now)
        }
        if case .preparingRebalance(let deadline) = phase, now >= deadline {
            members.removeAll { !$0.awaitingJoin }
            actions += completeJoinIfReady()
        }
        return actions
    }

    /// Whether every remaining member has formed, or has been told to form, the next generation: from then
    /// on no member reads with an assignment that is about to be revoked.
    var isSettled: Bool {
        switch phase {
        case .empty, .stable: true
        case .completingRebalance: false
        case .preparingRebalance: members.allSatisfy(\.knowsOfRebalance)
        }
    }

    // MARK: Transitions

    private mutating func membershipChanged(now: Int64) -> [Action] {
        if members.isEmpty {
            phase = .empty
            leaderId = ""
            return []
        }
        return startRebalance(now: now) + completeJoinIfReady()
    }

    /// Moves to PreparingRebalance, failing the syncs parked in a generation that will not complete.
    private mutating func startRebalance(now: Int64) -> [Action] {
        if case .preparingRebalance = phase { return [] }
        var actions: [Action] = []
        for j in members.indices { members[j].knowsOfRebalance = members[j].awaitingJoin }
        for j in members.indices where members[j].awaitingSync {
            members[j].awaitingSync = false
            actions.append(.answerSync(memberId: members[j].id, .init(errorCode: .rebalanceInProgress, assignment: ByteBuffer())))
        }
        let timeout = members.map(\.rebalanceTimeoutMs).max() ?? 0
        phase = .preparingRebalance(deadline: now + timeout)
        return actions
    }

    /// Forms the next generation once every member has rejoined, answering all of their JoinGroups.
    private mutating func completeJoinIfReady() -> [Action] {
        guard case .preparingRebalance = phase, !members.isEmpty, members.allSatisfy(\.awaitingJoin) else { return [] }
        let candidates = members[0].protocols.map(\.name)
        guard let chosen = candidates.first(where: { name in members.allSatisfy { $0.protocols.contains { $0.name == name } } }) else {
            return []
        }
        generationId += 1
        protocolName = chosen
        if index(of: leaderId) == nil { leaderId = members[0].id }
        phase = .completingRebalance
        let roster = members.map { m in
            JoinGroupResponse.Member(memberId: m.id, metadata: m.protocols.first { $0.name == chosen }?.metadata ?? ByteBuffer())
        }
        return members.indices.map { j in
            members[j].awaitingJoin = false
            members[j].assignment = ByteBuffer()
            let id = members[j].id
            return .answerJoin(memberId: id, JoinGroupResponse(
                errorCode: .none, generationId: generationId, protocolName: chosen, leader: leaderId, memberId: id,
                members: id == leaderId ? roster : []))
        }
    }

    func describe() -> GroupDescription {
        GroupDescription(
            errorCode: .none, groupId: groupId, state: phase.kafkaName, protocolType: protocolType,
            protocolName: phase == .stable || phase == .completingRebalance ? protocolName : "",
            generationId: generationId,
            members: members.map { m in
                .init(memberId: m.id, clientId: m.clientId, clientHost: m.clientHost,
                      metadata: m.protocols.first { $0.name == protocolName }?.metadata ?? ByteBuffer(), assignment: m.assignment)
            })
    }
}
