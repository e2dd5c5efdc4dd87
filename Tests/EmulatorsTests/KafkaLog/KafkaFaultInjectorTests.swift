import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct KafkaFaultInjectorTests {
        @Test func aPlanIsUsedForTheNextRequestsOnly() {
            let faults = KafkaFaultInjector()
            faults.inject(.error(.notCoordinator), into: .heartbeat, times: 2)
            #expect(faults.take(for: .produce) == nil)
            #expect(faults.take(for: .heartbeat) == .error(.notCoordinator))
            #expect(faults.take(for: .heartbeat) == .error(.notCoordinator))
            #expect(faults.take(for: .heartbeat) == nil)
        }

        @Test func plansRunInOrderAndAnOpenEndedOneLastsUntilCleared() {
            let faults = KafkaFaultInjector()
            faults.inject(.dropConnection, into: .fetch)
            faults.inject(.latency(milliseconds: 5), into: .fetch, times: nil)
            #expect(faults.take(for: .fetch) == .dropConnection)
            #expect(faults.take(for: .fetch) == .latency(milliseconds: 5))
            #expect(faults.take(for: .fetch) == .latency(milliseconds: 5))
            faults.clear()
            #expect(faults.take(for: .fetch) == nil)
        }
    }
}
