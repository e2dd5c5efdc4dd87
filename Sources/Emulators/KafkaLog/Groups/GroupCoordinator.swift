import Foundation
import NIOCore
import Synchronization

/// The group coordinator of the emulated cluster: every group's ``ConsumerGroupStateMachine``, the
/// JoinGroup and SyncGroup requests parked until their answer is due, and committed offsets.
///
/// Committed offsets are kept for ``offsetRetentionMs`` after their commit while the group has no
/// members, as Kafka's `offsets.retention.minutes` (7 days by default) does.
///
/// Promises are completed outside the lock; each belongs to the event loop of the connection that
/// asked, so the answer is written on that connection's own thread.
public final class GroupCoordinator: Sendable {
    private struct Committed: Sendable {
        var offset: Int64
        var metadata: String?
        var committedAt: Int64
    }

    private struct State {
        var groups: [String: ConsumerGroupStateMachine] = [:]
        var parkedJoins: [String: [String: [EventLoopPromise<JoinGroupResponse>]]] = [:]
        var parkedSyncs: [String: [String: [EventLoopPromise<SyncGroupResponse>]]] = [:]
        var parkedLeaves: [String: [(promise: EventLoopPromise<KafkaErrorCode>, deadline: Int64)]] = [:]
        var offsets: [String: [TopicPartition: Committed]] = [:]
    }

    /// The longest a LeaveGroup answer is held back waiting for the group to settle.
    static let leaveSettleLimitMs: Int64 = 5000

    private enum Delivery {
        case join(EventLoopPromise<JoinGroupResponse>, JoinGroupResponse)
        case sync(EventLoopPromise<SyncGroupResponse>, SyncGroupResponse)
        case leave(EventLoopPromise<KafkaErrorCode>, KafkaErrorCode)

        func complete() {
            switch self {
            case .join(let p, let r): p.succeed(r)
            case .sync(let p, let r): p.succeed(r)
            case .leave(let p, let r): p.succeed(r)
            }
        }
    }

    private let state = Mutex(State())
    private let offsetsFile: CommittedOffsetsFile?
    /// How long a committed offset of a group without members is kept.
    public let offsetRetentionMs: Int64

    /// A coordinator whose committed offsets live in memory, or, with `dataDirectory`, also in a file
    /// there that is replayed now (see ``CommittedOffsetsFile``).
    public init(offsetRetentionMs: Int64 = 7 * 24 * 3600 * 1000, dataDirectory: String? = nil) {
        self.offsetRetentionMs = offsetRetentionMs
        offsetsFile = dataDirectory.map(CommittedOffsetsFile.init(directory:))
        guard let offsetsFile else { return }
        let now = Self.now()
        let wallNow = Self.wallClock()
        state.withLock { s in
            for e in offsetsFile.load() {
                s.offsets[e.group, default: [:]][TopicPartition(topic: e.topic, partition: e.partition)] =
                    Committed(offset: e.offset, metadata: e.metadata, committedAt: now - (wallNow - e.committedAt))
            }
        }
    }

    private static func wallClock() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Milliseconds on the monotonic clock the state machines use.
    static func now() -> Int64 { Int64(NIODeadline.now().uptimeNanoseconds / 1_000_000) }

    func join(_ request: JoinGroupRequest, clientId: String, clientHost: String, promise: EventLoopPromise<JoinGroupResponse>) {
        let now = Self.now()
        let deliveries = state.withLock { s in
            var machine = s.groups[request.groupId] ?? ConsumerGroupStateMachine(groupId: request.groupId)
            let (memberId, actions) = machine.joinReceived(.init(
                memberId: request.memberId, clientId: clientId, clientHost: clientHost, protocolType: request.protocolType,
                protocols: request.protocols, sessionTimeoutMs: Int64(request.sessionTimeoutMs),
                rebalanceTimeoutMs: Int64(request.rebalanceTimeoutMs)), now: now)
            s.groups[request.groupId] = machine
            s.parkedJoins[request.groupId, default: [:]][memberId, default: []].append(promise)
            return Self.deliveries(for: actions, group: request.groupId, in: &s) + Self.settledLeaves(group: request.groupId, now: now, in: &s)
        }
        deliveries.forEach { $0.complete() }
    }

    func sync(_ request: SyncGroupRequest, promise: EventLoopPromise<SyncGroupResponse>) {
        let now = Self.now()
        let deliveries = state.withLock { s in
            guard var machine = s.groups[request.groupId] else {
                return [Delivery.sync(promise, .init(errorCode: .unknownMemberId, assignment: ByteBuffer()))]
            }
            let actions = machine.syncReceived(
                memberId: request.memberId, generationId: request.generationId, assignments: request.assignments, now: now)
            s.groups[request.groupId] = machine
            s.parkedSyncs[request.groupId, default: [:]][request.memberId, default: []].append(promise)
            return Self.deliveries(for: actions, group: request.groupId, in: &s) + Self.settledLeaves(group: request.groupId, now: now, in: &s)
        }
        deliveries.forEach { $0.complete() }
    }

    func heartbeat(_ request: HeartbeatRequest) -> KafkaErrorCode {
        let now = Self.now()
        let (code, deliveries) = state.withLock { s in
            guard var machine = s.groups[request.groupId] else { return (KafkaErrorCode.unknownMemberId, [Delivery]()) }
            let code = machine.heartbeatReceived(memberId: request.memberId, generationId: request.generationId, now: now)
            s.groups[request.groupId] = machine
            return (code, Self.settledLeaves(group: request.groupId, now: now, in: &s))
        }
        deliveries.forEach { $0.complete() }
        return code
    }

    /// Removes the member; the answer is held back until every remaining member has been told of the
    /// rebalance (``ConsumerGroupStateMachine/isSettled``, or ``leaveSettleLimitMs`` passed). A client's close waits for this answer, so when it
    /// returns, the leaver's partitions already have their new owner: records produced afterwards are
    /// read once, from the committed offsets, instead of racing the other members' revocation.
    func leave(_ request: LeaveGroupRequest, promise: EventLoopPromise<KafkaErrorCode>) {
        let now = Self.now()
        let deliveries = state.withLock { s in
            guard var machine = s.groups[request.groupId] else { return [Delivery.leave(promise, .unknownMemberId)] }
            let (code, actions) = machine.leaveReceived(memberId: request.memberId, now: now)
            s.groups[request.groupId] = machine
            var out = Self.deliveries(for: actions, group: request.groupId, in: &s)
            if code == .none {
                s.parkedLeaves[request.groupId, default: []].append((promise, now + Self.leaveSettleLimitMs))
                out += Self.settledLeaves(group: request.groupId, now: now, in: &s)
            } else {
                out.append(.leave(promise, code))
            }
            return out
        }
        deliveries.forEach { $0.complete() }
    }

    /// LeaveGroup answers that are due: the group settled, or the limit passed.
    private static func settledLeaves(group: String, now: Int64, in s: inout State) -> [Delivery] {
        guard let parked = s.parkedLeaves[group], !parked.isEmpty else { return [] }
        let settled = s.groups[group]?.isSettled ?? true
        let (due, kept) = (parked.filter { settled || now >= $0.deadline }, parked.filter { !settled && now < $0.deadline })
        s.parkedLeaves[group] = kept.isEmpty ? nil : kept
        return due.map { .leave($0.promise, .none) }
    }

    /// Expires sessions and overdue rebalances; called periodically by the broker.
    func timePassed() {
        let now = Self.now()
        let deliveries = state.withLock { s in
            var out: [Delivery] = []
            for group in Array(s.offsets.keys) where s.groups[group]?.members.isEmpty ?? true {
                s.offsets[group] = s.offsets[group]?.filter { now - $0.value.committedAt < offsetRetentionMs }
                if s.offsets[group]?.isEmpty == true { s.offsets[group] = nil }
            }
            for id in Array(s.groups.keys) {
                let actions = s.groups[id]!.timePassed(now: now)
                out += Self.deliveries(for: actions, group: id, in: &s) + Self.settledLeaves(group: id, now: now, in: &s)
            }
            return out
        }
        deliveries.forEach { $0.complete() }
    }

    /// Matches due answers with the promises parked for them.
    private static func deliveries(for actions: [ConsumerGroupStateMachine.Action], group: String, in s: inout State) -> [Delivery] {
        actions.flatMap { action -> [Delivery] in
            switch action {
            case .answerJoin(let member, let response):
                let promises = s.parkedJoins[group]?.removeValue(forKey: member) ?? []
                return promises.map { .join($0, response) }
            case .answerSync(let member, let response):
                let promises = s.parkedSyncs[group]?.removeValue(forKey: member) ?? []
                return promises.map { .sync($0, response) }
            }
        }
    }

    // MARK: Offsets

    func commit(_ request: OffsetCommitRequest) -> OffsetCommitResponse {
        let now = Self.now()
        let wallNow = Self.wallClock()
        return state.withLock { s in
            offsetsFile?.append(request.topics.flatMap { topic in
                topic.partitions.map {
                    CommittedOffsetsFile.Entry(group: request.groupId, topic: topic.name, partition: $0.index, offset: $0.offset,
                                               metadata: $0.metadata, committedAt: wallNow)
                }
            })
            return OffsetCommitResponse(topics: request.topics.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { p in
                    s.offsets[request.groupId, default: [:]][TopicPartition(topic: topic.name, partition: p.index)] =
                        Committed(offset: p.offset, metadata: p.metadata, committedAt: now)
                    return (p.index, KafkaErrorCode.none)
                })
            })
        }
    }

    func committedOffsets(_ request: OffsetFetchRequest) -> OffsetFetchResponse {
        state.withLock { s in
            let committed = s.offsets[request.groupId] ?? [:]
            let wanted: [(name: String, partitions: [Int32])] = request.topics ?? Dictionary(grouping: committed.keys, by: \.topic)
                .sorted { $0.key < $1.key }
                .map { ($0.key, $0.value.map(\.partition).sorted()) }
            return OffsetFetchResponse(topics: wanted.map { topic in
                .init(name: topic.name, partitions: topic.partitions.map { index in
                    let c = committed[TopicPartition(topic: topic.name, partition: index)]
                    return .init(index: index, offset: c?.offset ?? -1, metadata: c?.metadata)
                })
            })
        }
    }

    /// The committed offset of one partition for a group, for tests and inspection.
    public func committedOffset(group: String, _ tp: TopicPartition) -> Int64? {
        state.withLock { $0.offsets[group]?[tp]?.offset }
    }

    // MARK: Inspection

    /// Every committed offset of a group, by partition.
    public func committedOffsets(group: String) -> [TopicPartition: Int64] {
        state.withLock { s in (s.offsets[group] ?? [:]).mapValues(\.offset) }
    }

    /// Describes the named groups; an unknown one is reported as Dead, as Kafka does.
    public func describe(_ groupIds: [String]) -> [GroupDescription] {
        state.withLock { s in
            groupIds.map { id in
                s.groups[id]?.describe() ?? GroupDescription(
                    errorCode: .none, groupId: id, state: "Dead", protocolType: "", protocolName: "", generationId: -1, members: [])
            }
        }
    }

    /// Every known group with its protocol type ("consumer" for consumer groups).
    public func listGroups() -> [(groupId: String, protocolType: String)] {
        state.withLock { s in
            let withMembers = s.groups.values.map { ($0.groupId, $0.protocolType) }
            let offsetOnly = s.offsets.keys.filter { s.groups[$0] == nil }.map { ($0, "consumer") }
            return (withMembers + offsetOnly).sorted { $0.0 < $1.0 }
        }
    }
}
