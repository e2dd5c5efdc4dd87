import Foundation

/// One stub: the request it answers, the response it gives, and its place among the others.
/// Immutable and shared by reference, so walking the stub list on every request copies no fields.
public final class StubMapping: Sendable {
    public let id: UUID
    public let name: String?
    /// Lower wins; WireMock's default is 5.
    public let priority: Int
    public let request: RequestPattern
    public let response: ResponseDefinition
    public let scenarioName: String?
    public let requiredScenarioState: String?
    public let newScenarioState: String?
    /// The mapping as written, with `id` and `uuid` added: what the admin API hands back.
    public let json: MockJSON

    /// WireMock's default priority for stubs that name none.
    public static let defaultPriority = 5

    init(
        id: UUID, name: String?, priority: Int, request: RequestPattern, response: ResponseDefinition,
        scenarioName: String?, requiredScenarioState: String?, newScenarioState: String?, json: MockJSON
    ) {
        self.id = id
        self.name = name
        self.priority = priority
        self.request = request
        self.response = response
        self.scenarioName = scenarioName
        self.requiredScenarioState = requiredScenarioState
        self.newScenarioState = newScenarioState
        self.json = json
    }
}
