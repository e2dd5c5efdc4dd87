import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct ConsumerGroupStateMachineTests {
        typealias Machine = ConsumerGroupStateMachine

        private func join(_ machine: inout Machine, _ memberId: String = "", client: String = "c", at now: Int64 = 0) -> (String, [Machine.Action]) {
            machine.joinReceived(.init(
                memberId: memberId, clientId: client, clientHost: "/127.0.0.1", protocolType: "consumer",
                protocols: [GroupProtocol(name: "range", metadata: ByteBuffer(string: client))],
                sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 30_000), now: now)
        }

        private func joinAnswer(_ actions: [Machine.Action], for member: String) -> JoinGroupResponse? {
            for case .answerJoin(let id, let response) in actions where id == member { return response }
            return nil
        }

        private func syncAnswer(_ actions: [Machine.Action], for member: String) -> SyncGroupResponse? {
            for case .answerSync(let id, let response) in actions where id == member { return response }
            return nil
        }

        @Test func aLoneMemberFormsGenerationOneAndLeadsIt() {
            var machine = Machine(groupId: "g")
            let (a, actions) = join(&machine)
            let answer = joinAnswer(actions, for: a)
            #expect(answer?.generationId == 1)
            #expect(answer?.leader == a)
            #expect(answer?.members.map(\.memberId) == [a])
            #expect(machine.phase == .completingRebalance)
            let synced = machine.syncReceived(memberId: a, generationId: 1, assignments: [a: ByteBuffer(string: "all")], now: 1)
            #expect(syncAnswer(synced, for: a)?.assignment == ByteBuffer(string: "all"))
            #expect(machine.phase == .stable)
        }

        @Test func aSecondMemberWaitsUntilTheFirstRejoins() {
            var machine = Machine(groupId: "g")
            let (a, _) = join(&machine, client: "a")
            _ = machine.syncReceived(memberId: a, generationId: 1, assignments: [:], now: 1)
            let (b, parked) = join(&machine, client: "b", at: 2)
            #expect(parked.isEmpty)
            #expect(machine.heartbeatReceived(memberId: a, generationId: 1, now: 3) == .rebalanceInProgress)
            let (_, formed) = join(&machine, a, client: "a", at: 4)
            #expect(joinAnswer(formed, for: a)?.generationId == 2)
            #expect(joinAnswer(formed, for: a)?.members.count == 2)
            #expect(joinAnswer(formed, for: b)?.members.isEmpty == true)
            #expect(joinAnswer(formed, for: b)?.leader == a)
        }

        @Test func aFollowersSyncIsAnsweredWhenTheLeaderSyncs() {
            var machine = Machine(groupId: "g")
            let (a, _) = join(&machine, client: "a")
            _ = machine.syncReceived(memberId: a, generationId: 1, assignments: [:], now: 1)
            let (b, _) = join(&machine, client: "b", at: 2)
            _ = join(&machine, a, client: "a", at: 3)
            #expect(machine.syncReceived(memberId: b, generationId: 2, assignments: [:], now: 4).isEmpty)
            let done = machine.syncReceived(memberId: a, generationId: 2, assignments: [a: ByteBuffer(string: "0"), b: ByteBuffer(string: "1")], now: 5)
            #expect(syncAnswer(done, for: b)?.assignment == ByteBuffer(string: "1"))
            #expect(syncAnswer(done, for: a)?.assignment == ByteBuffer(string: "0"))
            #expect(machine.describe().state == "Stable")
        }

        @Test func aLeaveStartsARebalanceThatSettlesOnceTheOthersAreTold() {
            var machine = Machine(groupId: "g")
            let (a, _) = join(&machine, client: "a")
            _ = machine.syncReceived(memberId: a, generationId: 1, assignments: [:], now: 1)
            let (b, _) = join(&machine, client: "b", at: 2)
            _ = join(&machine, a, client: "a", at: 3)
            _ = machine.syncReceived(memberId: a, generationId: 2, assignments: [:], now: 4)
            #expect(machine.leaveReceived(memberId: b, now: 5).0 == .none)
            #expect(!machine.isSettled)
            #expect(machine.heartbeatReceived(memberId: a, generationId: 2, now: 6) == .rebalanceInProgress)
            #expect(machine.isSettled)
            #expect(joinAnswer(join(&machine, a, client: "a", at: 7).1, for: a)?.generationId == 3)
        }

        @Test func anExpiredSessionRemovesTheMember() {
            var machine = Machine(groupId: "g")
            let (a, _) = join(&machine, client: "a")
            _ = machine.syncReceived(memberId: a, generationId: 1, assignments: [:], now: 1)
            _ = machine.timePassed(now: 20_000)
            #expect(machine.members.isEmpty)
            #expect(machine.phase == .empty)
            #expect(machine.heartbeatReceived(memberId: a, generationId: 1, now: 20_001) == .unknownMemberId)
        }

        @Test func aMemberThatDoesNotRejoinIsDroppedAtTheRebalanceDeadline() {
            var machine = Machine(groupId: "g")
            let (a, _) = join(&machine, client: "a")
            _ = machine.syncReceived(memberId: a, generationId: 1, assignments: [:], now: 1)
            let (b, _) = join(&machine, client: "b", at: 2)
            let actions = machine.timePassed(now: 2 + 30_000)
            #expect(joinAnswer(actions, for: b)?.leader == b)
            #expect(machine.members.map(\.id) == [b])
        }

        @Test func staleGenerationsAndStrangersAreRefused() {
            var machine = Machine(groupId: "g")
            let (a, _) = join(&machine)
            #expect(syncAnswer(machine.syncReceived(memberId: a, generationId: 7, assignments: [:], now: 1), for: a)?.errorCode == .illegalGeneration)
            #expect(syncAnswer(machine.syncReceived(memberId: "x", generationId: 1, assignments: [:], now: 1), for: "x")?.errorCode == .unknownMemberId)
            #expect(joinAnswer(join(&machine, "nobody").1, for: "nobody")?.errorCode == .unknownMemberId)
        }
    }
}
