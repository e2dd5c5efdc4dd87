import ArgumentParser
import Contracts
import Foundation
import Platform

/// `sluice stream …`: the day 5 stream pipeline.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Produce synthetic posts, or land a topic's messages in RAW.",
        subcommands: [StreamProduceCommand.self, StreamConsumeCommand.self]
    )
}

/// Options every stream command shares: where the stack is and what events are checked against.
struct StreamOptions: ParsableArguments {
    @Option(help: "A .env file with the stack's endpoints; the environment wins.")
    var env: String?

    @Option(help: "The contracts folder events are validated against.")
    var contracts = "contracts"

    func publisher() throws -> (PlatformConfig, EventPublisher) {
        let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: env)
        let publisher = try EventPublisher(
            contracts: try ContractRepository(root: contracts), bootstrapServers: config.kafkaBootstrapServers)
        return (config, publisher)
    }
}

/// `sluice stream produce --rate R --count N`: synthetic `source.posts.v1` posts, or with `--dataset sales`
/// synthetic `retail.sale.v1` sales (see ``StreamProduceSales``).
struct StreamProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce", abstract: "Publish synthetic posts to source.posts.v1, or sales to retail.sale.v1.")

    @Option(help: "What to produce: posts (source.posts.v1) or sales (retail.sale.v1).")
    var dataset: StreamDataset = .posts

    @OptionGroup var sales: StreamProduceSales

    @Option(help: "Events per second; 0 sends as fast as the broker takes them.")
    var rate: Double = 100

    @Option(help: "How many events to send.")
    var count = 1000

    @OptionGroup var options: StreamOptions

    @OptionGroup var observability: ObservabilityOptions

    func validate() throws {
        guard count >= 0, rate >= 0 else { throw ValidationError("--count and --rate must not be negative") }
    }

    func run() async throws {
        try await observability.serving {
            let (_, publisher) = try options.publisher()
            if dataset == .sales { return try await sales.produce(publisher: publisher, count: count, rate: rate) }
            let start = ContinuousClock.now
            let produced = try await StreamProducer(publisher: publisher).produce(count: count, ratePerSecond: rate > 0 ? rate : nil) { _ in }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            print("produced \(produced) posts to source.posts.v1 in \(String(format: "%.2f", seconds)) s")
        }
    }
}

/// `sluice stream consume`: every message of `source.posts.v1` into RAW with its `ingest.stream.v1` event.
struct StreamConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "consume", abstract: "Land source.posts.v1 messages in RAW, one event each.")

    @Option(help: "Stop after this many messages (default: run until idle).")
    var maxMessages: Int?

    @Option(help: "Stop after this many seconds without a message; 0 runs until interrupted.")
    var idleSeconds: Int = 0

    @Option(help: "The consumer group; its committed offsets say where to resume.")
    var group = "sluice-stream-ingest"

    @OptionGroup var options: StreamOptions

    @OptionGroup var observability: ObservabilityOptions

    func run() async throws {
        try await observability.serving {
            let (config, publisher) = try options.publisher()
            let report = try await StreamConsumer(config: config, publisher: publisher, group: group).run(
                maxMessages: maxMessages ?? .max, idleTimeout: idleSeconds > 0 ? .seconds(idleSeconds) : .seconds(Int64.max / 2))
            print("landed \(report.messages) messages in \(report.batches) batches (\(report.replayed) already in RAW)")
        }
    }
}
