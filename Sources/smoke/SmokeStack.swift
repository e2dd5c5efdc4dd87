import Foundation
import Logging
import Platform

/// The stack the checks run against, opened before the first check and closed after the last.
struct SmokeStack {
    let context: SmokeContext
    private let embedded: EmbeddedStack?

    /// Starts the embedded stack and bootstraps it (as compose's init jobs do), or reads the compose `.env`.
    static func open(_ options: SmokeOptions) async throws -> SmokeStack {
        switch options.target {
        case .compose:
            // Only the .env counts: smoke talks to compose like any client configured with that file.
            let config = try PlatformConfig.load(environment: [:], envFile: options.env)
            let environment = try DotEnvFile.load(options.env)
            return SmokeStack(context: SmokeContext(target: .compose, config: config, environment: environment, contractsRoot: options.contracts, goldenRoot: options.golden), embedded: nil)
        case .embedded:
            var logger = Logger(label: "smoke.embedded")
            logger.logLevel = .warning
            let stack = try await EmbeddedStack.start(mockRoot: URL(fileURLWithPath: options.mockRoot), logger: logger)
            do {
                _ = try PlatformBootstrap(config: stack.config).run()
            } catch {
                try? await stack.stop()
                throw error
            }
            return SmokeStack(context: SmokeContext(target: .embedded, config: stack.config, environment: [:], contractsRoot: options.contracts, goldenRoot: options.golden), embedded: stack)
        }
    }

    /// The embedded stack's endpoints as `.env` lines; nil for compose.
    var envFileText: String? { embedded?.envFileText }

    /// Stops the embedded stack; compose is left as it was.
    func close() async throws {
        try await embedded?.stop()
    }
}
