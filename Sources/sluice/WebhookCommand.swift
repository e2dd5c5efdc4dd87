import ArgumentParser
import Foundation
import Platform

/// `sluice webhook --port P`: the webhook server (`POST /webhooks/{source}` → 200 once queued on
/// Kafka); `sluice webhook --worker`: the worker that lands the queued payloads in RAW.
///
/// The server's first stdout line is its URL (`webhook: http://127.0.0.1:PORT`), so a script can find
/// it when `--port 0` let the kernel pick. SIGINT or SIGTERM stops either; the worker stops after the
/// batch in hand is committed.
struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Accept webhooks onto Kafka (POST /webhooks/{source}), or with --worker land them in RAW."
    )

    @Option(help: "The port to listen on; 0 lets the kernel pick.")
    var port = 8088

    @Option(help: "The interface to bind.")
    var host = "0.0.0.0"

    @Option(help: "The largest body accepted, in bytes; larger ones get 413.")
    var maxBodyBytes = WebhookServer.defaultMaxBodyBytes

    @Option(help: "Milliseconds the broker has to acknowledge a payload before the answer is 503.")
    var queueTimeoutMs = 5000

    @Flag(help: "Run the worker that lands queued payloads in RAW instead of the server.")
    var worker = false

    @Option(help: "The worker's consumer group.")
    var group = "sluice-webhook-worker"

    @Option(help: "Worker: payloads per batch at most (offsets are committed per batch).")
    var batchSize = 100

    @Option(help: "Worker: stop after this many payloads (default: run until interrupted).")
    var maxPayloads: Int?

    @Option(help: "Worker: stop after this many seconds without a payload; 0 runs until interrupted.")
    var idleSeconds = 0

    @OptionGroup var options: StreamOptions

    @OptionGroup var observability: ObservabilityOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard maxBodyBytes >= 1, queueTimeoutMs >= 1, batchSize >= 1 else {
            throw ValidationError("--max-body-bytes, --queue-timeout-ms and --batch-size must be at least 1")
        }
        guard idleSeconds >= 0, (maxPayloads ?? 0) >= 0 else { throw ValidationError("--idle-seconds and --max-payloads must not be negative") }
    }

    func run() async throws {
        if worker {
            try await observability.serving {
                let (config, publisher) = try options.publisher()
                try WebhookTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
                try await runWorker(config: config, publisher: publisher)
            }
        } else {
            let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: options.env)
            try WebhookTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
            try await serve(config)
        }
    }

    private func serve(_ config: PlatformConfig) async throws {
        let queue = try WebhookQueue(bootstrapServers: config.kafkaBootstrapServers, deliveryTimeout: .milliseconds(queueTimeoutMs))
        let server = try await WebhookServer.start(queue: queue, host: host, port: port, maxBodyBytes: maxBodyBytes)
        FileHandle.standardOutput.write(Data("webhook: \(server.url)\n".utf8))
        _ = await ShutdownSignals().next()
        try await server.shutdown()
    }

    private func runWorker(config: PlatformConfig, publisher: EventPublisher) async throws {
        let worker = WebhookWorker(config: config, publisher: publisher, group: group)
        let (limit, idle, batchSize) = (maxPayloads ?? .max, idleSeconds > 0 ? Duration.seconds(idleSeconds) : nil, batchSize)
        let report = try await ShutdownSignals().cancelling { try await worker.run(maxPayloads: limit, idleTimeout: idle, batchSize: batchSize) }
            .get()
        print("webhook worker: \(report.payloads) payloads landed in RAW in \(report.batches) batches, \(report.replayed) already there")
    }
}
