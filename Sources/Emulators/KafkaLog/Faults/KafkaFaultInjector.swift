import Synchronization

/// Faults planned for the next requests of each API, consumed one per request.
///
/// A test plans "the next 3 Produce requests fail with NOT_LEADER_OR_FOLLOWER" or "every Fetch is 200 ms
/// late", and the router takes one planned fault per matching request. Shared by every connection of a
/// broker, so the count is over the whole broker, not per client.
public final class KafkaFaultInjector: Sendable {
    private struct Plan {
        var fault: KafkaFault
        /// `nil`: until cleared.
        var remaining: Int?
    }

    private let plans = Mutex<[KafkaApiKey: [Plan]]>([:])

    public init() {}

    /// Plans `fault` for the next `times` requests of `api` (`nil`: every request until ``clear()``).
    /// Plans for one API are used in the order they were made.
    public func inject(_ fault: KafkaFault, into api: KafkaApiKey, times: Int? = 1) {
        plans.withLock { $0[api, default: []].append(Plan(fault: fault, remaining: times)) }
    }

    /// Removes every planned fault.
    public func clear() {
        plans.withLock { $0.removeAll() }
    }

    /// The fault for one request of `api`, if any is planned; uses it up.
    func take(for api: KafkaApiKey) -> KafkaFault? {
        plans.withLock { plans in
            guard var list = plans[api], !list.isEmpty else { return nil }
            let fault = list[0].fault
            if let remaining = list[0].remaining {
                if remaining <= 1 { list.removeFirst() } else { list[0].remaining = remaining - 1 }
            }
            plans[api] = list.isEmpty ? nil : list
            return fault
        }
    }
}
