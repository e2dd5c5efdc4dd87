import ArgumentParser
import Foundation
import Logging
import Platform

/// `bench etl`: a generated sales orders CSV of `--gigabytes` through `sluice etl sales-orders`'s pipeline
/// on the embedded stack. Prints rows per second and the process's peak resident memory (getrusage), which
/// must stay flat as the file grows: the pipeline streams the file and holds one chunk.
struct BenchETLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etl",
        abstract: "Measure the sales orders batch ETL (validation, PII masking, star schema upserts)."
    )

    @Option(help: "Size of the generated CSV in GB (decimal fractions allowed).")
    var gigabytes = 2.0

    @Option(help: "Rows loaded per transaction.")
    var chunkRows = 20_000

    func validate() throws {
        guard gigabytes > 0, chunkRows >= 1 else { throw ValidationError("--gigabytes must be positive, --chunk-rows at least 1") }
    }

    func run() async throws {
        var logger = Logger(label: "bench.etl")
        logger.logLevel = .warning
        let stack = try await EmbeddedStack.start(mockRoot: nil, logger: logger)
        let path = NSTemporaryDirectory() + "bench-etl-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try measure(stack, path: path)
        } catch {
            try? await stack.stop()
            throw error
        }
        try await stack.stop()
    }

    private func measure(_ stack: EmbeddedStack, path: String) throws {
        _ = try PlatformBootstrap(config: stack.config).run()
        let bytes = Int64(gigabytes * 1_000_000_000)
        let rows = try SalesOrdersCSVGenerator.write(to: path, bytes: bytes)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? bytes
        print("bench etl: \(rows) rows, \(String(format: "%.2f", Double(size) / 1e9)) GB generated; peak RSS so far \(Self.peakRSSMegabytes()) MB")
        let etl = SalesOrdersETL(config: stack.config, salt: try PIISalt("bench-salt"), chunkRows: chunkRows)
        let report = try etl.run(input: path)
        let seconds = report.durationSeconds
        print("  loaded \(report.good), quarantined \(report.quarantined) in \(String(format: "%.1f", seconds)) s")
        print("  \(String(format: "%.0f", Double(report.rows) / seconds)) rows/s, "
            + "\(String(format: "%.1f", Double(size) / 1e6 / seconds)) MB/s")
        print("  peak RSS \(Self.peakRSSMegabytes()) MB (getrusage ru_maxrss, the whole process with the embedded emulators)")
    }

    /// The most resident memory this process ever held, in MB.
    static func peakRSSMegabytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }
}
