import ArgumentParser
import Foundation
import Platform

/// The options of every long-running command: where `/metrics` is served and how logs are written.
///
/// The port is `--metrics-port`, else `SLUICE_METRICS_PORT` from the environment (compose sets it to
/// 9464, where Prometheus scrapes), else 0: off, as a one-shot run at a terminal wants. The log level
/// is `SLUICE_LOG_LEVEL` (`info` unless set).
struct ObservabilityOptions: ParsableArguments {
    @Option(help: "Serve GET /metrics and /healthz on this port; 0 serves none (default: SLUICE_METRICS_PORT, else 0).")
    var metricsPort: Int?

    @Option(help: "Log lines on standard error: json (one object per line) or text.")
    var logFormat: LogFormat = .json

    func validate() throws {
        if let metricsPort, !(0...65_535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be 0…65535")
        }
    }

    /// Bootstraps logging and metrics, serves `/metrics` while `body` runs (when a port is set), then stops serving.
    ///
    /// Make the publisher and ingestors inside `body`: they take the process-wide metrics factory when
    /// made, which is a no-op one until this has bootstrapped it.
    func serving<Value>(_ body: () async throws -> Value) async throws -> Value {
        let environment = ProcessInfo.processInfo.environment
        PlatformObservability.bootstrap(logFormat: logFormat, logLevel: PlatformObservability.logLevel(environment: environment))
        let port = try metricsPort ?? environment["SLUICE_METRICS_PORT"].map(Self.port(from:)) ?? 0
        let server = port > 0 ? try await MetricsServer.start(port: port) : nil
        do {
            let value = try await body()
            try? await server?.shutdown()
            return value
        } catch {
            try? await server?.shutdown()
            throw error
        }
    }

    private static func port(from text: String) throws -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw ValidationError("SLUICE_METRICS_PORT=\(text) is not a port (0…65535)")
        }
        return port
    }
}

extension LogFormat: ExpressibleByArgument {}
