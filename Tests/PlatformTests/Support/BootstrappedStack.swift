import Contracts
import Foundation
import Platform

/// An embedded stack, bootstrapped, with the repository's contracts and a publisher: what every
/// ingestion test starts from. The stack is stopped when the body returns or throws.
struct BootstrappedStack {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    let stack: EmbeddedStack
    let contracts: ContractRepository
    let publisher: EventPublisher

    var config: PlatformConfig { stack.config }

    /// Runs `body` against a fresh stack; `withMockAPI` serves infra/wiremock as the HTTP source.
    static func run(withMockAPI: Bool = false, _ body: (BootstrappedStack) async throws -> Void) async throws {
        let stack = try await EmbeddedStack.start(
            mockRoot: withMockAPI ? repositoryRoot.appendingPathComponent("infra/wiremock") : nil)
        do {
            _ = try await BlockingWork.run { try PlatformBootstrap(config: stack.config).run() }
            let contracts = try ContractRepository(root: repositoryRoot.appendingPathComponent("contracts").path)
            let publisher = try EventPublisher(contracts: contracts, bootstrapServers: stack.config.kafkaBootstrapServers)
            try await body(BootstrappedStack(stack: stack, contracts: contracts, publisher: publisher))
        } catch {
            try? await stack.stop()
            throw error
        }
        try await stack.stop()
    }

    /// A validator for the contract of `event`.
    func validator(for event: String) throws -> Validator {
        guard let schema = contracts.events.first(where: { $0.name == event }) else { throw FixtureError("no contract \(event)") }
        return try contracts.validator(for: schema)
    }

    /// Reads `count` events from the start of `topic`, failing after 30 seconds without them.
    func consume(topic: String, count: Int) async throws -> [JSONValue] {
        let config = config
        return try await BlockingWork.run { try Self.consume(topic: topic, count: count, config: config) }
    }

    private static func consume(topic: String, count: Int, config: PlatformConfig) throws -> [JSONValue] {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": "test-\(UUID().uuidString)",
        ])
        try consumer.subscribe([topic])
        var events: [JSONValue] = []
        let deadline = Date().addingTimeInterval(30)
        while events.count < count, Date() < deadline {
            if let record = try consumer.poll(timeoutMilliseconds: 200) { events.append(try JSONParser.parse(record.value)) }
        }
        guard events.count == count else { throw FixtureError("got \(events.count) of \(count) events on \(topic)") }
        return events
    }
}

/// A test fixture that could not provide what the test needs.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
