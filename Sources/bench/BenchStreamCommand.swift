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
/// stages, read back from a registry of the bench's own) and the process's peak resident memory.
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

    @Flag(help: "Produce every post first, then consume them, to see each stage's own rate and CPU.")
    var sequential = false

    @Option(help: "The contracts folder events are validated against.")
    var contracts = "contracts"

    func run() async throws {
        var logger = Logger(label: "bench.stream")
        logger.logLevel = .warning
        let stack = try await EmbeddedStack.start(mockRoot: nil, logger: logger)
        do {
            _ = try PlatformBootstrap(config: stack.config).run()
            let publisher = try EventPublisher(
                contracts: try ContractRepository(root: contracts), bootstrapServers: stack.config.kafkaBootstrapServers)

            let registry = PrometheusCollectorRegistry()
            let metrics = SluiceMetrics(factory: PlatformObservability.metricsFactory(registry: registry))
            let consumer = StreamConsumer(config: stack.config, publisher: publisher, group: "bench", uploadsInFlight: uploadsInFlight, metrics: metrics)
            print("bench stream: \(count) posts, batches of \(batch), \(uploadsInFlight) RAW writes in flight, "
                + (sequential ? "produce then consume" : "consumer running while the producer sends"))
            let startCPU = Self.processCPUSeconds()
            let start = ContinuousClock.now
            if sequential {
                let produced = try await StreamProducer(publisher: publisher).produce(count: count, ratePerSecond: nil)
                let produceSeconds = (ContinuousClock.now - start) / .seconds(1)
                let consumeCPU = Self.processCPUSeconds()
                let report = try await consumer.run(maxMessages: count, idleTimeout: .seconds(30), batchSize: batch)
                let consumeSeconds = (ContinuousClock.now - start) / .seconds(1) - produceSeconds
                print(String(format: "  produce (validated, acks=all):         %9.0f msg/s  (%.2f s)", Double(produced.count) / produceSeconds, produceSeconds))
                print(String(format: "  consume → RAW → event → commit:        %9.0f msg/s  (%.2f s, %d batches)",
                             Double(report.messages) / consumeSeconds, consumeSeconds, report.batches))
                // CPU time says what the machine's cores allow when the wall clock is shared with other work:
                // on an otherwise idle machine a stage cannot beat cores / (CPU seconds per message).
                print(String(format: "    CPU (all threads, emulators included): produce %.0f µs/msg, consume %.0f µs/msg",
                             (consumeCPU - startCPU) * 1e6 / Double(produced.count),
                             (Self.processCPUSeconds() - consumeCPU) * 1e6 / Double(max(report.messages, 1))))
            } else {
                // The consumer follows the producer live, as the services run: end to end is from the first
                // post sent to the last batch committed.
                let consuming = Task { try await consumer.run(maxMessages: count, idleTimeout: .seconds(30), batchSize: batch) }
                let produced = try await StreamProducer(publisher: publisher).produce(count: count, ratePerSecond: nil)
                let produceSeconds = (ContinuousClock.now - start) / .seconds(1)
                let report = try await consuming.value
                print(String(format: "  produce (validated, acks=all):         %9.0f msg/s  (%.2f s, consumer running)",
                             Double(produced.count) / produceSeconds, produceSeconds))
                print("  consumed \(report.messages) in \(report.batches) batches")
            }
            let total = (ContinuousClock.now - start) / .seconds(1)
            let cpu = Self.processCPUSeconds() - startCPU
            print(String(format: "  end to end:                            %9.0f msg/s  (%.2f s)", Double(count) / total, total))
            print(String(format: "    CPU (all threads, emulators included): %.0f µs/msg, %.2f of %d cores busy",
                         cpu * 1e6 / Double(count), cpu / total, ProcessInfo.processInfo.activeProcessorCount))
            let stages = Self.stageSeconds(registry)
            print(String(format: "    consumer stages (events overlap the next batch's writes): RAW writes %.2f s, events %.2f s, commits %.2f s",
                         stages["stream_raw", default: 0], stages["stream_publish", default: 0], stages["stream_commit", default: 0]))
            print("  peak resident memory: \(Self.peakResidentMemory())")
        } catch {
            try? await stack.stop()
            throw error
        }
        try await stack.stop()
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

    /// VmHWM from /proc/self/status: the most memory this process ever held.
    static func peakResidentMemory() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
            .map { $0.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
