import ArgumentParser
import Dispatch
import Emulators
import Foundation
import Synchronization

/// `bench httpmock`: requests/s and latency of the stub server with 1 and with 1,000 stubs, next to
/// a bare SwiftNIO server answering a fixed 200 (this machine's ceiling), driven by `hey` on loopback.
/// `--peer name=url` adds other targets to the same run, e.g. a real WireMock
/// (`scripts/bench/httpmock` starts one and passes it).
struct BenchHTTPMockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "httpmock",
        abstract: "Load-test the WireMock-compatible stub server against a bare SwiftNIO ceiling."
    )

    @Option(help: "Seconds of load per target.")
    var duration = 10

    @Option(help: "Concurrent connections.")
    var connections = 32

    @Option(help: "Seconds of unmeasured warm-up per target.")
    var warmup = 2

    @Option(help: "The load generator (Debian's `hey`).")
    var hey = "hey"

    @Option(name: .customLong("peer"), help: "Another target, as name=url.")
    var peers: [String] = []

    /// Stubs in the large set; the request hits the one matched last.
    static let manyStubs = 1_000

    func validate() throws {
        for peer in peers where !peer.contains("=") { throw ValidationError("--peer takes name=url, not \(peer)") }
    }

    func run() throws {
        let servers = try BenchBlocking.run { try await BenchServers.start(manyStubs: Self.manyStubs) }
        var targets = [
            ("bare SwiftNIO 200", "http://\(servers.bare.endpoint)/bench/stub-0"),
            ("sluice, 1 stub", "\(servers.oneStub.baseURL)/bench/stub-0"),
            ("sluice, \(Self.manyStubs) stubs", "\(servers.manyStubs.baseURL)/bench/stub-0"),
        ]
        for peer in peers {
            let parts = peer.split(separator: "=", maxSplits: 1).map(String.init)
            targets.append((parts[0], parts[1]))
        }
        print("target                          requests/s    p50 ms    p99 ms   (hey -z \(duration)s -c \(connections))")
        for (name, url) in targets {
            _ = try HeyRun.run(hey: hey, url: url, seconds: warmup, connections: connections)
            let result = try HeyRun.run(hey: hey, url: url, seconds: duration, connections: connections)
            let line = name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + String(format: "  %10.0f  %8.2f  %8.2f", result.requestsPerSecond, result.p50Milliseconds, result.p99Milliseconds)
            print(line)
        }
        try BenchBlocking.run { try await servers.shutdown() }
    }
}

/// The three in-process servers of one run.
private struct BenchServers: Sendable {
    let bare: LoopbackServer
    let oneStub: HTTPMockServer
    let manyStubs: HTTPMockServer

    static func start(manyStubs count: Int) async throws -> BenchServers {
        // A bounded journal, as a long load run would otherwise grow it without limit.
        let one = try await HTTPMockServer.start(journal: InMemoryRequestJournal(maximumEntries: 10_000))
        let many = try await HTTPMockServer.start(journal: InMemoryRequestJournal(maximumEntries: 10_000))
        for index in 0..<count {
            let stub = try MappingDecoder.mapping(from: try MockJSONParser.parse(
                #"{"request":{"method":"GET","urlPath":"/bench/stub-\#(index)"},"response":{"status":200,"headers":{"Content-Type":"text/plain"},"body":"stub \#(index)"}}"#
            ))
            if index == 0 { one.engine.addStub(stub) }
            many.engine.addStub(stub)
        }
        return BenchServers(bare: try await BenchHTTPBareServer.start(), oneStub: one, manyStubs: many)
    }

    func shutdown() async throws {
        try await bare.shutdown()
        try await oneStub.shutdown()
        try await manyStubs.shutdown()
    }
}

/// One `hey` run and the figures read from its summary.
private struct HeyRun {
    let requestsPerSecond: Double
    let p50Milliseconds: Double
    let p99Milliseconds: Double

    static func run(hey: String, url: String, seconds: Int, connections: Int) throws -> HeyRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [hey, "-z", "\(seconds)s", "-c", "\(connections)", url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("\(hey) failed against \(url)") }
        return HeyRun(
            requestsPerSecond: number(after: "Requests/sec:", in: text),
            p50Milliseconds: number(after: "50% in", in: text) * 1_000,
            p99Milliseconds: number(after: "99% in", in: text) * 1_000
        )
    }

    private static func number(after label: String, in text: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }),
              let range = line.range(of: label) else { return .nan }
        return Double(line[range.upperBound...].trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? .nan
    }
}

/// Runs async work to completion from the synchronous command.
private final class BenchBlocking<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    static func run(_ work: @escaping @Sendable () async throws -> Value) throws -> Value {
        let call = BenchBlocking()
        Task {
            let outcome: Result<Value, any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            call.result.withLock { $0 = outcome }
            call.done.signal()
        }
        call.done.wait()
        return try call.result.withLock { $0! }.get()
    }
}
