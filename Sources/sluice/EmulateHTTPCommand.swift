import ArgumentParser
import Dispatch
import Emulators
import Foundation
import Synchronization

/// `sluice emulate http`: the WireMock-compatible stub server, standalone.
///
/// Loads `ROOT/mappings` and `ROOT/__files` as WireMock's `--root-dir` does, prints
/// `http: http://HOST:PORT` as its first line (unbuffered, so a parent process can read the port
/// while it runs), then serves until SIGINT or SIGTERM.
struct EmulateHTTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Serve WireMock stub mappings on loopback until interrupted."
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(name: [.customLong("root-dir"), .customLong("root")], help: "The directory holding mappings/ and __files/.")
    var rootDir: String?

    @Option(help: "Keep only this many requests in the journal (WireMock's --max-request-journal-entries); unbounded if absent.")
    var maxRequestJournalEntries: Int?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let maxRequestJournalEntries, maxRequestJournalEntries < 1 {
            throw ValidationError("--max-request-journal-entries must be at least 1")
        }
        if let rootDir {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: rootDir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--root-dir \(rootDir) is not a directory")
            }
        }
    }

    func run() throws {
        let signals = SignalWaiter(SIGINT, SIGTERM)
        let root = rootDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let (host, port) = (host, port)
        let journal = InMemoryRequestJournal(maximumEntries: maxRequestJournalEntries)
        let server = try BlockingCall.run {
            try await HTTPMockServer.start(rootDirectory: root, host: host, port: port, journal: journal)
        }
        FileHandle.standardOutput.write(Data("http: \(server.baseURL)\n".utf8))
        for failure in server.loadFailures {
            FileHandle.standardError.write(Data("mapping refused: \(failure)\n".utf8))
        }
        let signal = signals.wait()
        FileHandle.standardError.write(Data("signal \(signal): stopping\n".utf8))
        try BlockingCall.run { try await server.shutdown() }
    }
}

/// Runs async work to completion from synchronous code: the `sluice` root command is synchronous,
/// and this command has nothing else to do while the server starts.
private final class BlockingCall<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    static func run(_ work: @escaping @Sendable () async throws -> Value) throws -> Value {
        let call = BlockingCall()
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
