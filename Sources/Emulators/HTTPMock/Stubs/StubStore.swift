/// The stubs in serving order: lowest `priority` first, then the most recently added.
///
/// A value type: the engine keeps it under a lock together with the scenario states, so that
/// choosing a stub and moving its scenario on happen as one step.
public struct StubStore: Sendable {
    private struct Entry: Sendable {
        let stub: StubMapping
        let insertionIndex: Int
    }

    private var entries: [Entry] = []
    private var nextInsertionIndex = 0

    public init() {}

    /// All stubs in serving order.
    public var stubs: [StubMapping] { entries.map(\.stub) }

    public var count: Int { entries.count }

    /// Adds `stub`, replacing any stub with the same id (which then counts as newly added).
    public mutating func add(_ stub: StubMapping) {
        entries.removeAll { $0.stub.id == stub.id }
        let entry = Entry(stub: stub, insertionIndex: nextInsertionIndex)
        nextInsertionIndex += 1
        let position = entries.firstIndex { existing in
            existing.stub.priority > stub.priority
                || (existing.stub.priority == stub.priority && existing.insertionIndex < entry.insertionIndex)
        } ?? entries.endIndex
        entries.insert(entry, at: position)
    }

    /// Removes the stub with `id`; false if there was none.
    @discardableResult
    public mutating func remove(id: StubMapping.ID) -> Bool {
        let before = entries.count
        entries.removeAll { $0.stub.id == id }
        return entries.count != before
    }

    public func stub(id: StubMapping.ID) -> StubMapping? {
        entries.first { $0.stub.id == id }?.stub
    }

    public mutating func removeAll() {
        entries.removeAll()
    }

    /// The first stub, in serving order, that matches `request` in the scenarios' current states.
    public func firstMatch(for request: MockRequest, scenarios: ScenarioStore) -> StubMapping? {
        entries.first { entry in
            let stub = entry.stub
            if let name = stub.scenarioName, let required = stub.requiredScenarioState,
               scenarios.state(of: name) != required {
                return false
            }
            return stub.request.matches(request)
        }?.stub
    }
}

extension StubMapping: Identifiable {}
