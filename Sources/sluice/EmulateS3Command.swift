import ArgumentParser
import Emulators
import Foundation
import Synchronization

/// `sluice emulate s3`: the S3 emulator on its own, for boto3, the aws cli, DuckDB or the platform.
///
/// The first stdout line is `s3: http://HOST:PORT`, written unbuffered, so a script that started the
/// process with `--port 0` can read the port the kernel chose; the server runs until SIGINT or SIGTERM.
struct EmulateS3Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s3",
        abstract: "Serve the S3 emulator (S3 REST with SigV4) on loopback until interrupted."
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 9000

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(help: "The access key id of the default user.")
    var accessKey: String?

    @Option(help: "The secret key of the default user.")
    var secretKey: String?

    @Option(name: .customLong("user"), help: "A further user as KEY:SECRET (repeatable).")
    var users: [String] = []

    @Option(help: "The region signatures must name.")
    var region = "us-east-1"

    @Option(name: .customLong("write-once-bucket"),
            help: "A bucket, created at start, that refuses to overwrite or delete an existing key (repeatable).")
    var writeOnceBuckets: [String] = []

    func validate() throws {
        if (accessKey == nil) != (secretKey == nil) {
            throw ValidationError("--access-key and --secret-key go together.")
        }
        for user in users where !user.contains(":") {
            throw ValidationError("--user takes KEY:SECRET, got '\(user)'.")
        }
    }

    /// The configured users; `sluice` / `sluice-secret` when none is given.
    private var credentials: S3Credentials {
        var secrets: [String: String] = [:]
        if let accessKey, let secretKey { secrets[accessKey] = secretKey }
        for user in users {
            let colon = user.firstIndex(of: ":")!
            secrets[String(user[..<colon])] = String(user[user.index(after: colon)...])
        }
        if secrets.isEmpty { secrets["sluice"] = "sluice-secret" }
        return S3Credentials(users: secrets, region: region)
    }

    func run() throws {
        let signals = SignalWaiter(SIGINT, SIGTERM)
        let credentials = self.credentials
        let store = S3Store(writeOnceBuckets: Set(writeOnceBuckets))
        let server = try Self.blocking { [host, port] in
            try await S3Server.start(host: host, port: port, store: store, credentials: credentials)
        }
        var announcement = "s3: \(server.endpoint)\n"
        for key in credentials.secrets.keys.sorted() { announcement += "access-key: \(key)\n" }
        FileHandle.standardOutput.write(Data(announcement.utf8))
        let signal = signals.wait()
        FileHandle.standardOutput.write(Data("signal \(signal): stopping\n".utf8))
        try Self.blocking { try await server.shutdown() }
    }

    /// Runs async work to completion from this synchronous command (the root command is synchronous).
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.result.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.result.withLock { $0! }.get()
    }
}

/// Where ``EmulateS3Command/blocking(_:)`` leaves the task's result for the waiting thread.
private final class Outcome<T: Sendable>: Sendable {
    let result = Mutex<Result<T, any Error>?>(nil)
}
