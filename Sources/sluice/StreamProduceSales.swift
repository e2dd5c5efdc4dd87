import ArgumentParser
import Contracts
import Foundation
import Platform

/// The sales options of `sluice stream produce --dataset sales`, and the run they drive.
///
/// With `--control-port`, the producer serves the same control endpoint as the sink (`POST /pause`,
/// `POST /resume`, `POST /rate?per_second=R`, `GET /status`) and prints its URL as the first stdout line.
struct StreamProduceSales: ParsableArguments {
    @Option(help: "Sales: the seed; the same seed and --start-ms give the same sales, byte for byte (default: random).")
    var seed: UInt64?

    @Option(help: "Sales: ts of the first sale in epoch milliseconds, later ones 100 ms apart (default: now).")
    var startMs: Int64?

    @Option(help: "Sales: index of the first sale of this run (continue a seeded run with --first N).")
    var first = 0

    @Option(help: "Sales: serve the control endpoint (pause, resume, rate) on this loopback port; 0 lets the kernel pick.")
    var controlPort: Int?

    func validate() throws {
        guard first >= 0 else { throw ValidationError("--first must not be negative") }
        if let controlPort, !(0...65535).contains(controlPort) { throw ValidationError("--control-port must be 0…65535") }
    }

    func produce(publisher: EventPublisher, count: Int, rate: Double) async throws {
        let seed = seed ?? UInt64.random(in: 0...UInt64.max)
        let startMs = startMs ?? Int64(Date().timeIntervalSince1970 * 1000)
        let control = PipelineControl(ratePerSecond: rate > 0 ? rate : nil)
        let producer = SalesProducer(publisher: publisher, sales: SyntheticSales(seed: seed, startMilliseconds: startMs), control: control)
        var server: PipelineControlServer?
        if let controlPort {
            server = try await PipelineControlServer.start(port: controlPort, control: control) {
                [
                    "paused": .bool(control.isPaused),
                    "rate_per_second": control.ratePerSecond.flatMap { JSONNumber(literal: String($0)) }.map { .number($0) } ?? .null,
                ]
            }
            FileHandle.standardOutput.write(Data("control: \(server?.url ?? "")\n".utf8))
        }
        let start = ContinuousClock.now
        let reports = try await producer.produce(first: first, count: count)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        try await server?.shutdown()
        print("produced \(reports.count) sales to \(PlatformTopics.sales) in \(String(format: "%.2f", seconds)) s (seed \(seed), start-ms \(startMs), first \(first))")
    }
}
