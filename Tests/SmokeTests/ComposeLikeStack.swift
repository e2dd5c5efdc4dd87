import Foundation

/// A compose-like stack on loopback: `sluice emulate s3|kafka|http|postgres`, each its own process, and
/// the `.env` a compose user would write for them. `smoke --target compose` then reaches it exactly as
/// it reaches docker compose: through the endpoints of that file, over the network.
final class ComposeLikeStack {
    private var processes: [(Process, String)] = []
    private(set) var env: [String: String] = [:]
    let envFile: String

    init(repositoryRoot: URL, products: URL) throws {
        envFile = FileManager.default.temporaryDirectory.appendingPathComponent("compose-like-\(UUID().uuidString).env").path
        let sluice = products.appendingPathComponent("sluice")
        do {
            let s3 = try launch(sluice, ["emulate", "s3", "--port", "0", "--write-once-bucket", "raw"], until: "s3: ")
            let kafka = try launch(sluice, ["emulate", "kafka", "--port", "0", "--partitions", "3"], until: "127.0.0.1:")
            let http = try launch(
                sluice, ["emulate", "http", "--port", "0", "--root-dir", repositoryRoot.appendingPathComponent("infra/wiremock").path],
                until: "http: ")
            let postgres = try launch(sluice, ["emulate", "postgres"], until: "directory: ")
            env = [
                "S3_ENDPOINT": value(after: "s3: ", in: s3), "S3_ACCESS_KEY": "sluice", "S3_SECRET_KEY": "sluice-secret",
                "S3_REGION": "us-east-1", "S3_RAW_BUCKET": "raw", "S3_CURATED_BUCKET": "curated",
                "KAFKA_BOOTSTRAP_SERVERS": kafka.split(separator: "\n")[0].trimmingCharacters(in: .whitespaces),
                "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": value(after: "port=", in: postgres, until: " "),
                "POSTGRES_USER": "postgres", "POSTGRES_PASSWORD": "", "POSTGRES_DB": "poc",
                "MOCK_API_URL": value(after: "http: ", in: http),
            ]
            try env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
                .write(toFile: envFile, atomically: true, encoding: .utf8)
        } catch {
            stop()
            throw error
        }
    }

    /// Stops every process the way compose stops containers (SIGTERM), then deletes the `.env`.
    func stop() {
        for (process, _) in processes.reversed() where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        for (_, output) in processes { try? FileManager.default.removeItem(atPath: output) }
        try? FileManager.default.removeItem(atPath: envFile)
    }

    /// Starts `executable` and waits until its output holds `marker` followed by a line end.
    private func launch(_ executable: URL, _ arguments: [String], until marker: String) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("compose-like-\(UUID().uuidString).out").path
        // Output to a file: a pipe would be held open by the PostgreSQL server the postgres emulator starts.
        try Data().write(to: URL(fileURLWithPath: output))
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        processes.append((process, output))
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: marker), text[range.upperBound...].contains("\n") { return text }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ComposeLikeStackError(description: "\(arguments.joined(separator: " ")) did not announce \(marker)")
    }

    private func value(after marker: String, in text: String, until end: Character = "\n") -> String {
        guard let range = text.range(of: marker) else { return "" }
        return String(text[range.upperBound...].prefix { $0 != end && $0 != "\n" })
    }
}

struct ComposeLikeStackError: Error, CustomStringConvertible {
    let description: String
}
