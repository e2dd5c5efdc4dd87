@testable import Emulators
import Testing

@Suite struct HTTPMockStubStoreTests {
    private func stub(_ body: String, priority: Int? = nil, scenario: String = "") throws -> StubMapping {
        let priorityText = priority.map { #","priority":\#($0)"# } ?? ""
        return try MappingDecoder.mapping(from: try MockJSONParser.parse(
            #"{"request":{"urlPath":"/x"},"response":{"body":"\#(body)"}\#(priorityText)\#(scenario)}"#
        ))
    }

    private func answer(_ store: StubStore, _ scenarios: ScenarioStore = ScenarioStore()) -> String? {
        guard let stub = store.firstMatch(for: MockRequest(method: "GET", url: "/x", headers: [], body: []), scenarios: scenarios),
              case let .text(text) = stub.response.body else { return nil }
        return text
    }

    @Test func theMostRecentlyAddedStubWins() throws {
        var store = StubStore()
        store.add(try stub("older"))
        store.add(try stub("newer"))
        #expect(answer(store) == "newer")
    }

    @Test func aLowerPriorityNumberWinsOverRecency() throws {
        var store = StubStore()
        store.add(try stub("important", priority: 1))
        store.add(try stub("default"))
        store.add(try stub("unimportant", priority: 9))
        #expect(answer(store) == "important")
    }

    @Test func replacingAStubKeepsOneCopy() throws {
        var store = StubStore()
        let first = try stub("a")
        store.add(first)
        store.add(first)
        #expect(store.count == 1)
        let removed = store.remove(id: first.id)
        let removedAgain = store.remove(id: first.id)
        #expect(removed && !removedAgain)
    }

    @Test func aScenarioStubOnlyMatchesInItsRequiredState() throws {
        var store = StubStore()
        store.add(try stub("first", scenario: #","scenarioName":"s","requiredScenarioState":"Started","newScenarioState":"two""#))
        store.add(try stub("second", scenario: #","scenarioName":"s","requiredScenarioState":"two""#))
        var scenarios = ScenarioStore()
        #expect(answer(store, scenarios) == "first")
        scenarios.setState(of: "s", to: "two")
        #expect(answer(store, scenarios) == "second")
        scenarios.reset()
        #expect(scenarios.state(of: "s") == ScenarioStore.startedState)
    }

    @Test func precedenceHoldsAcrossExactAndPatternURLs() throws {
        func stub(_ request: String, _ body: String, priority: Int = 5) throws -> StubMapping {
            try MappingDecoder.mapping(from: try MockJSONParser.parse(#"{"priority":\#(priority),"request":\#(request),"response":{"body":"\#(body)"}}"#))
        }
        var store = StubStore()
        store.add(try stub(#"{"urlPathPattern":"/x.*"}"#, "pattern, older"))
        store.add(try stub(#"{"urlPath":"/x"}"#, "path, newer"))
        #expect(answer(store) == "path, newer")
        store.add(try stub(#"{"urlPathPattern":"/x.*"}"#, "pattern, newest"))
        #expect(answer(store) == "pattern, newest")
        store.add(try stub(#"{"url":"/x"}"#, "url, important", priority: 1))
        #expect(answer(store) == "url, important")
        store.add(try stub(#"{}"#, "anything, most important", priority: 0))
        #expect(answer(store) == "anything, most important")
    }
}
