import ArgumentParser
import Contracts
import Foundation
import Logging
import Platform
import Synchronization

/// `bench sink`: N synthetic sales through Kafka into PostgreSQL on the embedded stack, with the sink of
/// `sluice sink postgres`. Prints the sink's events per second into PostgreSQL, the end-to-end lag of
/// each event (broker timestamp at produce → its batch committed), and the process's peak memory.
///
/// By default the producer and the sink run at once, so the lag is the pipeline's; with `--preload`
/// every sale is produced first and the sink then drains the topic, which measures the sink alone.
struct BenchSinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink",
        abstract: "Measure the PostgreSQL sales sink on the embedded stack."
    )

    @Option(help: "Sales to send through the pipeline.")
    var events = 1_000_000

    @Option(help: "Events per sink batch.")
    var batch = 10_000

    @Option(help: "Milliseconds after its first event a batch closes even when not full.")
    var batchMs = 200

    @Option(help: "Producer rate in events per second; 0 is as fast as the broker takes them.")
    var rate: Double = 0

    @Flag(help: "Produce every sale before starting the sink (the sink's own speed; the lag then includes the wait).")
    var preload = false

    @Option(help: "The contracts folder events are validated against.")
    var contracts = "contracts"

    func validate() throws {
        guard events >= 1, batch >= 1, batchMs >= 1, rate >= 0 else {
            throw ValidationError("--events, --batch and --batch-ms must be at least 1, --rate not negative")
        }
    }

    func run() async throws {
        var logger = Logger(label: "bench.sink")
        logger.logLevel = .warning
        let stack = try await EmbeddedStack.start(mockRoot: nil, logger: logger)
        do {
            try await measure(stack)
        } catch {
            try? await stack.stop()
            throw error
        }
        try await stack.stop()
    }

    private func measure(_ stack: EmbeddedStack) async throws {
        _ = try PlatformBootstrap(config: stack.config).run()
        let repository = try ContractRepository(root: contracts)
        let publisher = try EventPublisher(contracts: repository, bootstrapServers: stack.config.kafkaBootstrapServers)
        let producer = SalesProducer(
            publisher: publisher, sales: SyntheticSales(seed: 2026, startMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)),
            control: PipelineControl(ratePerSecond: rate > 0 ? rate : nil))
        let sink = try PostgresSalesSink(
            config: stack.config, contracts: repository, publisher: publisher, group: "bench-sink",
            options: SalesSinkOptions(batchSize: batch, batchWindow: .milliseconds(batchMs), maxEvents: events))
        let tally = Tally()
        tally.lags.withLock { $0.reserveCapacity(events) }
        let count = events

        let produceStart = ContinuousClock.now
        let producing = Task { try await producer.produce(count: count, inFlight: 1024) }
        if preload { _ = try await producing.value }
        let produceEnd = preload ? ContinuousClock.now : nil
        let sinkStart = ContinuousClock.now
        let status = try await sink.run { batch in
            tally.lags.withLock { lags in lags += batch.producedAtMilliseconds.map { batch.committedAtMilliseconds - $0 } }
            tally.writeTime.withLock { $0 += batch.writeDuration }
        }
        let sinkEnd = ContinuousClock.now
        let produced = try await producing.value.count
        let produceSeconds = ((produceEnd ?? sinkEnd) - produceStart) / .seconds(1)
        let sinkSeconds = (sinkEnd - sinkStart) / .seconds(1)

        let connection = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
        let counted = try connection.query("SELECT count(*) AS n FROM raw.sales_raw")
        let rows = counted.count == 1 ? try counted[0].decode("n", as: Int.self) ?? 0 : 0
        let sorted = tally.lags.withLock { $0.sorted() }
        let writeSeconds = tally.writeTime.withLock { $0 } / .seconds(1)
        func percentile(_ p: Double) -> Int64 { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let loads = BenchRAWWritesCommand.loadAverage()

        print("bench sink: \(count) sales, batches of \(batch) or \(batchMs) ms, \(preload ? "preloaded" : "produced concurrently")\(rate > 0 ? " at \(Int(rate))/s" : "")")
        print(String(format: "  produce (validated, acks=all):     %9.0f events/s  (%.2f s, %d events)", Double(produced) / produceSeconds, produceSeconds, produced))
        print(String(format: "  sink → PostgreSQL → commit:        %9.0f events/s  (%.2f s, %d batches, %d rows in raw.sales_raw)",
                     Double(status.consumed) / sinkSeconds, sinkSeconds, status.batches, rows))
        print(String(format: "  database transactions alone:       %9.0f events/s  (%.2f s in COPY + INSERT + aggregate + COMMIT)",
                     Double(status.inserted) / max(writeSeconds, 1e-9), writeSeconds))
        print("  end-to-end lag (produce → committed): p50 \(percentile(0.5)) ms, p99 \(percentile(0.99)) ms, max \(sorted.last ?? 0) ms")
        print("  peak resident memory: \(BenchStreamCommand.peakResidentMemory()); load average \(loads) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
    }

    /// What the sink's batch observer collects, shared with the observer's closure.
    private final class Tally: Sendable {
        /// Produce → commit of every event, in milliseconds.
        let lags = Mutex<[Int64]>([])
        /// Time spent in database transactions.
        let writeTime = Mutex(Duration.zero)
    }
}
