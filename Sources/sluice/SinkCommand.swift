import ArgumentParser
import Contracts
import Foundation
import Platform

/// `sluice sink …`: streams into a serving store.
struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink",
        abstract: "Write a stream into a serving store.",
        subcommands: [SinkPostgresCommand.self]
    )
}

/// `sluice sink postgres --topic retail.sale.v1`: the retail sales stream into `raw.sales_raw` and
/// `curated.sales_agg_minute`, with a control endpoint to pause and resume it.
///
/// The first stdout line is the control endpoint's URL (`control: http://127.0.0.1:PORT`), so a script
/// can find it when `--control-port 0` let the kernel pick. SIGINT or SIGTERM stops the sink after the
/// batch in hand is committed.
struct SinkPostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Consume retail sales into PostgreSQL (raw.sales_raw + curated.sales_agg_minute), exactly once per event_id."
    )

    @Option(help: "The topic to consume; `sales` stands for \(PlatformTopics.sales).")
    var topic = PlatformTopics.sales

    @Option(help: "The consumer group; its committed offsets say where to resume.")
    var group = "sluice-sink-postgres"

    @Option(help: "Events per batch at most.")
    var batchSize = 10_000

    @Option(help: "A batch closes this many milliseconds after its first event even when not full.")
    var batchMs = 200

    @Option(help: "Stop after this many events (default: run until interrupted).")
    var maxEvents: Int?

    @Option(help: "Stop after this many seconds without an event; 0 runs until interrupted.")
    var idleSeconds = 0

    @Option(help: "The control endpoint's loopback port (GET /status, POST /pause, POST /resume); 0 lets the kernel pick.")
    var controlPort = 0

    @Flag(help: "Start paused (resume with POST /resume).")
    var paused = false

    @OptionGroup var options: StreamOptions

    @OptionGroup var observability: ObservabilityOptions

    func validate() throws {
        guard batchSize >= 1, batchMs >= 1 else { throw ValidationError("--batch-size and --batch-ms must be at least 1") }
        guard idleSeconds >= 0, (maxEvents ?? 0) >= 0 else { throw ValidationError("--idle-seconds and --max-events must not be negative") }
        guard (0...65535).contains(controlPort) else { throw ValidationError("--control-port must be 0…65535") }
        guard resolvedTopic.wholeMatch(of: /[a-z]+(\.[a-z]+)*\.v[0-9]+/) != nil else {
            throw ValidationError("--topic must be an event topic such as \(PlatformTopics.sales), or `sales`")
        }
    }

    private var resolvedTopic: String { topic == "sales" ? PlatformTopics.sales : topic }

    func run() async throws {
        try await observability.serving { try await sink() }
    }

    private func sink() async throws {
        let (config, publisher) = try options.publisher()
        let control = PipelineControl(paused: paused)
        let sink = try PostgresSalesSink(
            config: config, contracts: try ContractRepository(root: options.contracts), publisher: publisher,
            topic: resolvedTopic, group: group,
            options: SalesSinkOptions(
                batchSize: batchSize, batchWindow: .milliseconds(batchMs), maxEvents: maxEvents,
                idleTimeout: idleSeconds > 0 ? .seconds(idleSeconds) : nil),
            control: control)
        let server = try await PipelineControlServer.start(port: controlPort, control: control) { sink.status.json }
        // Unbuffered, so a script that started the sink can read the URL while it runs.
        FileHandle.standardOutput.write(Data("control: \(server.url)\n".utf8))
        let result = await ShutdownSignals().cancelling { try await sink.run() }
        try await server.shutdown()
        let status = try result.get()
        print("""
            sink \(resolvedTopic) → PostgreSQL: \(status.consumed) events in \(status.batches) batches: \
            \(status.inserted) inserted, \(status.duplicates) already there, \(status.deadLettered) to \
            \(PlatformTopics.deadLetter(of: resolvedTopic)), \(status.retries) write retries
            """)
    }
}
