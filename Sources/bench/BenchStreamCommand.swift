import ArgumentParser
import Contracts
import Foundation
import Logging
import Platform
import Prometheus

/// `bench stream`: N synthetic posts end to end on the embedded stack: produce → consume → RAW object →
/// `ingest.stream.v1` event, with the consumer committing after each batch. By default the consumer runs
/// while the producer sends, as the services do, and end to end is from the first post sent to the last
/// batch committed; `--sequential` produces everything first, to show each stage's own rate. Prints
/// messages per second, CPU per message, where the consumer's time went (its `sluice_batch_seconds`
/// stages, read back from a registry of the bench's own) and peak resident memory. The S3 and Kafka
/// emulators run in a child process (``EmulatorProcess``) unless `--in-process`, so the bench's own peak
/// is the pipeline's, apart from the data the emulators hold.
struct BenchStreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Measure the stream pipeline end to end on the embedded stack."
    )

    @Option(help: "Messages to send through the pipeline.")
    var count = 20_000

    @Option(help: "Messages per consumer batch.")
    var batch = 500

    @Option(help: "RAW writes the consumer keeps in flight at once.")
    var uploadsInFlight = StreamConsumer.defaultUploadsInFlight

    @Flag(help: "Run the S3 and Kafka emulators in the bench's own process, as the tests do, instead of in a child process.")
    var inProcess = false

    @Flag(help: "Produce every post first, then consume them, to see each stage's own rate and CPU.")
    var sequential = false

    @Option(help: "The contracts folder events are validated against.")
    var contracts = "contracts"

    func run() async throws {
        let logger = {
            var logger = Logger(label: "bench.stream")
            logger.logLevel = .warning
            return logger
        }()
        if inProcess {
            let stack = try await EmbeddedStack.start(mockRoot: nil, logger: logger)
            do {
                try await measure(config: stack.config, emulators: nil)
            } catch {
                try? await stack.stop()
                throw error
            }
            try await stack.stop()
            return
        }
        let emulators = try EmulatorProcess()
        defer { emulators.stop() }
        let postgres = try await BlockingWork.run { try TemporaryPostgresCluster.start(logger: logger) }
        let config = PlatformConfig(
            s3: S3Endpoint(url: emulators.s3Endpoint, accessKey: EmbeddedStack.accessKey, secretKey: EmbeddedStack.secretKey),
            rawBucket: "raw", curatedBucket: "curated", kafkaBootstrapServers: emulators.kafkaBootstrapServers,
            postgres: PostgresEndpoint(host: "127.0.0.1", port: postgres.port, user: "postgres", password: "", database: postgres.database),
            mockAPIURL: "http://127.0.0.1:9")
        do {
            try await measure(config: config, emulators: emulators)
        } catch {
            _ = try? await BlockingWork.run { try postgres.stop() }
            throw error
        }
        try await BlockingWork.run { try postgres.stop() }
    }

    /// Runs the pipeline against `config` and prints the figures; `emulators` is the process holding the
    /// S3 and Kafka emulators when they run apart, whose CPU counts in the figures too.
    private func measure(config: PlatformConfig, emulators: EmulatorProcess?) async throws {
        _ = try PlatformBootstrap(config: config).run()
        let publisher = try EventPublisher(
            contracts: try ContractRepository(root: contracts), bootstrapServers: config.kafkaBootstrapServers)

        let registry = PrometheusCollectorRegistry()
        let metrics = SluiceMetrics(factory: PlatformObservability.metricsFactory(registry: registry))
        let consumer = StreamConsumer(config: config, publisher: publisher, group: "bench", uploadsInFlight: uploadsInFlight, metrics: metrics)
        print("bench stream: \(count) posts, batches of \(batch), \(uploadsInFlight) RAW writes in flight, "
            + (sequential ? "produce then consume" : "consumer running while the producer sends"))
        // The emulators' CPU counts too when they run in their own process.
        let cpuNow = { Self.processCPUSeconds() + (emulators?.cpuSeconds ?? 0) }
        let startCPU = cpuNow()
        let startEmulatorCPU = emulators?.cpuSeconds ?? 0
        let startStolen = Self.stolenSeconds()
        let start = ContinuousClock.now
        if sequential {
            let produced = try await StreamProducer(publisher: publisher).produce(count: count, ratePerSecond: nil) { _ in }
            let produceSeconds = (ContinuousClock.now - start) / .seconds(1)
            let consumeCPU = cpuNow()
            let report = try await consumer.run(maxMessages: count, idleTimeout: .seconds(30), batchSize: batch)
            let consumeSeconds = (ContinuousClock.now - start) / .seconds(1) - produceSeconds
            print(String(format: "  produce (validated, acks=all):         %9.0f msg/s  (%.2f s)", Double(produced) / produceSeconds, produceSeconds))
            print(String(format: "  consume → RAW → event → commit:        %9.0f msg/s  (%.2f s, %d batches)",
                         Double(report.messages) / consumeSeconds, consumeSeconds, report.batches))
            // CPU time says what the machine's cores allow when the wall clock is shared with other work:
            // on an otherwise idle machine a stage cannot beat cores / (CPU seconds per message).
            print(String(format: "    CPU (all threads, emulators included): produce %.0f µs/msg, consume %.0f µs/msg",
                         (consumeCPU - startCPU) * 1e6 / Double(produced),
                         (cpuNow() - consumeCPU) * 1e6 / Double(max(report.messages, 1))))
        } else {
            // The consumer follows the producer live, as the services run: end to end is from the first
            // post sent to the last batch committed.
            let consuming = Task { try await consumer.run(maxMessages: count, idleTimeout: .seconds(30), batchSize: batch) }
            let produced = try await StreamProducer(publisher: publisher).produce(count: count, ratePerSecond: nil) { _ in }
            let produceSeconds = (ContinuousClock.now - start) / .seconds(1)
            let report = try await consuming.value
            print(String(format: "  produce (validated, acks=all):         %9.0f msg/s  (%.2f s, consumer running)",
                         Double(produced) / produceSeconds, produceSeconds))
            print("  consumed \(report.messages) in \(report.batches) batches")
        }
        let total = (ContinuousClock.now - start) / .seconds(1)
        let cpu = cpuNow() - startCPU
        print(String(format: "  end to end:                            %9.0f msg/s  (%.2f s)", Double(count) / total, total))
        print(String(format: "    CPU (all threads, emulators included): %.0f µs/msg, %.2f of %d cores busy",
                     cpu * 1e6 / Double(count), cpu / total, ProcessInfo.processInfo.activeProcessorCount))
        if let emulators {
            let emulatorCPU = emulators.cpuSeconds - startEmulatorCPU
            print(String(format: "      of which the emulators' process %.0f µs/msg, the pipeline %.0f µs/msg",
                         emulatorCPU * 1e6 / Double(count), (cpu - emulatorCPU) * 1e6 / Double(count)))
        }
        // A virtual machine's host can run other guests on its cores; what it took shows as steal time.
        print(String(format: "    CPU time the host took from this machine meanwhile (steal): %.1f s", Self.stolenSeconds() - startStolen))
        let stages = Self.stageSeconds(registry)
        print(String(format: "    consumer stages (events overlap the next batch's writes): RAW writes %.2f s, events %.2f s, commits %.2f s",
                     stages["stream_raw", default: 0], stages["stream_publish", default: 0], stages["stream_commit", default: 0]))
        if let emulators {
            print("  peak resident memory: pipeline (this process) \(Self.peakResidentMemory()); "
                + "emulators' process, holding every RAW object and Kafka record, \(emulators.peakResidentMemory)")
        } else {
            print("  peak resident memory: \(Self.peakResidentMemory()) (emulators and the data they hold included)")
        }
    }

    /// Total seconds per stage of `sluice_batch_seconds`, from the registry's exposition.
    static func stageSeconds(_ registry: PrometheusCollectorRegistry) -> [String: Double] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        var seconds: [String: Double] = [:]
        let prefix = "\(SluiceMetrics.batchSecondsName)_sum{stage=\""
        for line in String(decoding: buffer, as: UTF8.self).split(separator: "\n") where line.hasPrefix(prefix) {
            let rest = line.dropFirst(prefix.count)
            guard let quote = rest.firstIndex(of: "\""), let space = rest.lastIndex(of: " "),
                let value = Double(rest[rest.index(after: space)...])
            else { continue }
            seconds[String(rest[..<quote])] = value
        }
        return seconds
    }

    /// User plus system CPU time of every thread of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Seconds of steal time of all cores so far, from the `cpu` line of /proc/stat.
    static func stolenSeconds() -> Double {
        let stat = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        guard let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return 0 }
        let fields = line.split(separator: " ")
        guard fields.count > 8, let steal = Double(fields[8]) else { return 0 }
        return steal / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// VmHWM from `/proc/<process>/status`: the most memory this process (or the one given) ever held.
    static func peakResidentMemory(of process: String = "self") -> String {
        let status = (try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
            .map { $0.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
