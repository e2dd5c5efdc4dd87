/// The current state of every scenario. A scenario nobody has moved is in ``startedState``.
public struct ScenarioStore: Sendable {
    /// WireMock's initial state name.
    public static let startedState = "Started"

    private var states: [String: String] = [:]

    public init() {}

    public func state(of scenario: String) -> String {
        states[scenario] ?? Self.startedState
    }

    public mutating func setState(of scenario: String, to state: String) {
        states[scenario] = state
    }

    /// Puts every scenario back in ``startedState``.
    public mutating func reset() {
        states.removeAll()
    }

    /// The scenarios the stubs mention, with their states, as `/__admin/scenarios` lists them.
    public func summaries(of stubs: [StubMapping]) -> [Scenario] {
        var order: [String] = []
        var byName: [String: [StubMapping]] = [:]
        for stub in stubs {
            guard let name = stub.scenarioName else { continue }
            if byName[name] == nil { order.append(name) }
            byName[name, default: []].append(stub)
        }
        return order.map { name in
            let members = byName[name] ?? []
            var possible = [Self.startedState]
            for stub in members {
                for state in [stub.requiredScenarioState, stub.newScenarioState].compactMap({ $0 }) where !possible.contains(state) {
                    possible.append(state)
                }
            }
            return Scenario(name: name, state: state(of: name), possibleStates: possible, mappings: members)
        }
    }

    /// One scenario as reported by the admin API.
    public struct Scenario: Sendable {
        public let name: String
        public let state: String
        public let possibleStates: [String]
        public let mappings: [StubMapping]
    }
}
