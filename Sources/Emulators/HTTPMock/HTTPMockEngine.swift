import Foundation
import Synchronization

/// The stub server's model: stubs, scenario states, the request journal and the root directory
/// they are loaded from. It knows nothing of HTTP framing; the server and the admin router call it.
///
/// Stubs and scenarios live under one lock so that choosing a stub and moving its scenario to the
/// next state is one step: two concurrent requests in a flaky-endpoint scenario then see 503 and
/// 200, never 503 twice (the race WireMock's `StoreBackedStubMappings.serveFor` guards against).
public final class HTTPMockEngine: Sendable {
    private struct State: Sendable {
        var stubs = StubStore()
        var scenarios = ScenarioStore()
    }

    /// A mapping file that could not be loaded, and why.
    public struct LoadFailure: Sendable, CustomStringConvertible {
        public let file: String
        public let error: String
        public var description: String { "\(file): \(error)" }
    }

    /// WireMock's `--root-dir`: `mappings/` and `__files/` live under it. nil for a server fed only
    /// through the admin API.
    public let rootDirectory: URL?
    public let journal: any RequestJournal
    private let state = Mutex(State())
    /// When the engine was created, for `/__admin/health`.
    public let startDate = Date()

    public init(rootDirectory: URL?, journal: any RequestJournal = InMemoryRequestJournal()) {
        self.rootDirectory = rootDirectory
        self.journal = journal
    }

    /// `rootDirectory/__files`, where `bodyFileName` and the files API read and write.
    public var filesDirectory: URL? { rootDirectory?.appendingPathComponent("__files", isDirectory: true) }

    /// `rootDirectory/mappings`.
    public var mappingsDirectory: URL? { rootDirectory?.appendingPathComponent("mappings", isDirectory: true) }

    // MARK: Stubs

    /// Every stub in serving order.
    public var stubs: [StubMapping] { state.withLock { $0.stubs.stubs } }

    public func addStub(_ stub: StubMapping) {
        state.withLock { $0.stubs.add(stub) }
    }

    public func stub(id: UUID) -> StubMapping? {
        state.withLock { $0.stubs.stub(id: id) }
    }

    @discardableResult
    public func removeStub(id: UUID) -> Bool {
        state.withLock { $0.stubs.remove(id: id) }
    }

    public func removeAllStubs() {
        state.withLock { $0.stubs.removeAll() }
    }

    /// Replaces the stubs with those in `mappings/`, keeping the valid files when some are broken.
    @discardableResult
    public func resetToDefaultMappings() -> [LoadFailure] {
        let (loaded, failures) = readMappingFiles()
        state.withLock { state in
            state.stubs.removeAll()
            for stub in loaded { state.stubs.add(stub) }
        }
        return failures
    }

    /// WireMock's `/__admin/reset`: forget requests and scenario states, reload `mappings/`.
    @discardableResult
    public func resetAll() -> [LoadFailure] {
        journal.removeAll()
        state.withLock { $0.scenarios.reset() }
        return resetToDefaultMappings()
    }

    private func readMappingFiles() -> ([StubMapping], [LoadFailure]) {
        guard let directory = mappingsDirectory,
              let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return ([], [])
        }
        let files = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension.lowercased() == "json" }
            .sorted { $0.path < $1.path }
        var loaded: [StubMapping] = []
        var failures: [LoadFailure] = []
        for file in files {
            do {
                let document = try MockJSONParser.parse(Array(try Data(contentsOf: file)))
                loaded += try MappingDecoder.mappings(from: document)
            } catch {
                failures.append(LoadFailure(file: file.path, error: "\(error)"))
            }
        }
        return (loaded, failures)
    }

    // MARK: Serving

    /// The stub that answers `request`, moving its scenario on if it names a new state.
    public func serve(_ request: MockRequest) -> StubMapping? {
        state.withLock { state in
            guard let stub = state.stubs.firstMatch(for: request, scenarios: state.scenarios) else { return nil }
            if let name = stub.scenarioName, let next = stub.newScenarioState {
                state.scenarios.setState(of: name, to: next)
            }
            return stub
        }
    }

    /// The stubs closest to `request`, nearest first, as WireMock's near-miss calculator ranks them.
    public func nearMisses(for request: MockRequest, limit: Int = 3) -> [(stub: StubMapping, result: MatchResult)] {
        let candidates = stubs.map { ($0, $0.request.match(request)) }
        let ranked = candidates.map { (stub: $0.0, result: $0.1, distance: $0.1.distance) }
            .sorted { $0.distance < $1.distance }
        return ranked.prefix(limit).map { ($0.stub, $0.result) }
    }

    // MARK: Scenarios

    public var scenarios: [ScenarioStore.Scenario] {
        state.withLock { $0.scenarios.summaries(of: $0.stubs.stubs) }
    }

    public func resetScenarios() {
        state.withLock { $0.scenarios.reset() }
    }

    /// Sets one scenario's state; false if no stub mentions the scenario.
    public func setScenarioState(_ name: String, to value: String) -> Bool {
        state.withLock { state in
            guard state.stubs.stubs.contains(where: { $0.scenarioName == name }) else { return false }
            state.scenarios.setState(of: name, to: value)
            return true
        }
    }
}
