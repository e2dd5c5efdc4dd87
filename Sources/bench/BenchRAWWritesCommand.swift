import ArgumentParser
import Emulators
import Foundation
import Platform

/// `bench raw-writes`: the stream consumer's RAW writes alone. Small write-once PUTs (`If-None-Match: *`,
/// SigV4) sent the way the consumer sends them (``S3BatchUploader``, batches over kept-alive connections)
/// to the in-process S3 emulator. Prints PUTs per second and the CPU each PUT costs, split between the
/// emulator (its SwiftNIO event-loop threads) and everything else (libcurl's thread, the tasks).
struct BenchRAWWritesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raw-writes",
        abstract: "Measure small write-once PUTs to the embedded S3 emulator, as the stream consumer sends them."
    )

    @Option(help: "Objects to write.")
    var count = 100_000

    @Option(help: "Objects per batch.")
    var batch = 500

    @Option(help: "Bytes per object.")
    var size = 300

    @Option(help: "PUTs in flight at once.")
    var uploadsInFlight = StreamConsumer.defaultUploadsInFlight

    func run() async throws {
        let server = try await S3Server.start(
            store: S3Store(writeOnceBuckets: ["raw"]), credentials: S3Credentials(users: ["bench": "bench-secret"]))
        do {
            let client = S3Client(endpoint: S3Endpoint(url: server.endpoint, accessKey: "bench", secretKey: "bench-secret"))
            try client.createBucket("raw")
            let uploader = S3BatchUploader(client: client, maxInFlight: uploadsInFlight)
            let body = Array(repeating: UInt8(ascii: "x"), count: size)
            let threads = ThreadCPU.now()
            let start = ContinuousClock.now
            var written = 0
            while written < count {
                let objects = (written..<min(count, written + batch)).map {
                    S3BatchUploader.Object(key: "source=stream/dt=2026-11-24/bench-0/\($0).json", body: body)
                }
                for outcome in await uploader.putIfAbsent(bucket: "raw", objects: objects, contentType: "application/json") {
                    guard case .success(false) = outcome else { throw ValidationError("a PUT did not write: \(outcome)") }
                }
                written += objects.count
            }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            let cpu = ThreadCPU.now().since(threads, prefix: "NIO-")
            print("bench raw-writes: \(count) PUTs of \(size) bytes, batches of \(batch), \(uploadsInFlight) in flight")
            print(String(format: "  %9.0f PUT/s  (%.2f s)", Double(count) / seconds, seconds))
            print(String(format: "  CPU per PUT: S3 emulator %.1f µs, client %.1f µs; load average %@",
                         cpu.matching * 1e6 / Double(count), cpu.others * 1e6 / Double(count), Self.loadAverage()))
            print("  peak resident memory: \(BenchStreamCommand.peakResidentMemory())")
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    /// The 1-, 5- and 15-minute load averages, as `uptime` shows them.
    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }
}
