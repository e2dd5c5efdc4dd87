import ArgumentParser
import Foundation
import Platform

/// `sluice bronze …`: service events from Kafka into the bronze Parquet table.
struct BronzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bronze",
        abstract: "Service events from Kafka into s3://curated/bronze/service_events/ in batches.",
        subcommands: [BronzeProduceCommand.self, BronzeSinkCommand.self]
    )
}

/// `sluice bronze produce --count N`: synthetic service events on `service.events`.
struct BronzeProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "produce", abstract: "Send synthetic service events to service.events.")

    @Option(help: "How many events to send.")
    var count = 1000

    @OptionGroup var options: StreamOptions

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
    }

    func run() async throws {
        let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: options.env)
        try ServiceEventTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
        let sent = try await ServiceEventProducer(bootstrapServers: config.kafkaBootstrapServers).produce(count: count)
        print("produced \(sent.count) service events to \(ServiceEventTopics.events)")
    }
}

/// `sluice bronze sink`: consumes `service.events` into the bronze table, committing after each batch.
/// SIGINT or SIGTERM stops it; a batch not yet written is not committed and is redone by the next run.
struct BronzeSinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink", abstract: "Consume service.events into bronze Parquet (event_date, service partitions).")

    @Option(help: "Records per batch at most.")
    var batchSize = 100

    @Option(help: "A batch closes this many milliseconds after its first record even when not full.")
    var batchMs = 5000

    @Option(help: "The consumer group; its committed offsets say where to resume.")
    var group = "sluice-bronze-service-events"

    @Option(help: "Stop after this many records (default: run until interrupted).")
    var maxRecords: Int?

    @Option(help: "Stop after this many seconds without a record; 0 runs until interrupted.")
    var idleSeconds = 0

    @OptionGroup var options: StreamOptions

    @OptionGroup var observability: ObservabilityOptions

    func validate() throws {
        guard batchSize >= 1, batchMs >= 1 else { throw ValidationError("--batch-size and --batch-ms must be at least 1") }
        guard idleSeconds >= 0, (maxRecords ?? 0) >= 0 else { throw ValidationError("--idle-seconds and --max-records must not be negative") }
    }

    func run() async throws {
        try await observability.serving { try await sink() }
    }

    private func sink() async throws {
        let (config, publisher) = try options.publisher()
        try ServiceEventTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
        let sink = BronzeSink(config: config, publisher: publisher, group: group, batchSize: batchSize, batchWindow: .milliseconds(batchMs))
        let (limit, idle) = (maxRecords ?? .max, idleSeconds > 0 ? Duration.seconds(idleSeconds) : nil)
        let report = try await ShutdownSignals().cancelling { try await sink.run(maxRecords: limit, idleTimeout: idle) }.get()
        print("""
            bronze: \(report.records) records in \(report.batches) batches: \(report.rows) rows in \(report.files) files, \
            \(report.deadLettered) to \(ServiceEventTopics.deadLetters), \(report.writeRetries) write retries
            """)
    }
}
