/// The stubs in serving order: lowest `priority` first, then the most recently added.
///
/// A value type: the engine keeps it under a lock together with the scenario states, so that
/// choosing a stub and moving its scenario on happen as one step.
///
/// Stubs with an exact `url` or `urlPath` are also indexed by it, so a request is tested only
/// against the stubs that could match its URL plus those with a pattern or no URL at all: with a
/// thousand `urlPath` stubs a request costs a dictionary lookup, not a thousand comparisons.
public struct StubStore: Sendable {
    private struct Entry: Sendable {
        let stub: StubMapping
        let insertionIndex: Int
    }

    private var entries: [Entry] = []
    private var nextInsertionIndex = 0
    /// Positions in `entries`, ascending, of stubs whose URL is exactly the key (`url` matchers).
    private var byURL: [String: [Int]] = [:]
    /// The same for `urlPath` matchers.
    private var byPath: [String: [Int]] = [:]
    /// Positions of every other stub, ascending.
    private var unindexed: [Int] = []

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
        rebuildIndex()
    }

    /// Removes the stub with `id`; false if there was none.
    @discardableResult
    public mutating func remove(id: StubMapping.ID) -> Bool {
        let before = entries.count
        entries.removeAll { $0.stub.id == id }
        rebuildIndex()
        return entries.count != before
    }

    public func stub(id: StubMapping.ID) -> StubMapping? {
        entries.first { $0.stub.id == id }?.stub
    }

    public mutating func removeAll() {
        entries.removeAll()
        rebuildIndex()
    }

    private mutating func rebuildIndex() {
        byURL = [:]
        byPath = [:]
        unindexed = []
        for (position, entry) in entries.enumerated() {
            switch entry.stub.request.url {
            case let .url(url): byURL[url, default: []].append(position)
            case let .urlPath(path): byPath[path, default: []].append(position)
            default: unindexed.append(position)
            }
        }
    }

    /// The first stub, in serving order, that matches `request` in the scenarios' current states.
    public func firstMatch(for request: MockRequest, scenarios: ScenarioStore) -> StubMapping? {
        let exactURL = byURL[request.url] ?? []
        let exactPath = byPath[request.path] ?? []
        var cursors = (0, 0, 0)
        // A three-way merge of the ascending candidate lists keeps serving order.
        while true {
            let fromURL = cursors.0 < exactURL.count ? exactURL[cursors.0] : Int.max
            let fromPath = cursors.1 < exactPath.count ? exactPath[cursors.1] : Int.max
            let fromRest = cursors.2 < unindexed.count ? unindexed[cursors.2] : Int.max
            let position = min(fromURL, fromPath, fromRest)
            guard position != Int.max else { return nil }
            if position == fromURL { cursors.0 += 1 } else if position == fromPath { cursors.1 += 1 } else { cursors.2 += 1 }
            let stub = entries[position].stub
            if let name = stub.scenarioName, let required = stub.requiredScenarioState,
               scenarios.state(of: name) != required {
                continue
            }
            if stub.request.matches(request) { return stub }
        }
    }
}

extension StubMapping: Identifiable {}
