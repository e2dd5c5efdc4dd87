import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The WireMock-compatible stub server: an ``HTTPMockEngine`` served over HTTP/1.1 on loopback.
///
/// Started with a root directory it loads `mappings/` and serves `__files/`, like WireMock's
/// `--root-dir`; the admin API under `/__admin` changes stubs at run time. Tests start one per test
/// on port 0 and read ``port``.
///
/// It reads WireMock 2.35 mappings and the WireMock 3 additions stubs commonly use (`urlPathTemplate`,
/// `formParameters`, `hasExactly`/`includes`, `/__admin/health`, the files API).
/// `scripts/checks/httpmock-vs-wiremock` compares it with a real WireMock 2.35 request by request and lists
/// the known differences. Not supported: `multipartPatterns` and `customMatcher` (refused at load as
/// unknown fields), transformers other than `response-template` (ignored, as WireMock ignores names it
/// lacks), XML namespaces in `matchesXPath`, and `https` proxy targets (answered 502).
public final class HTTPMockServer: Sendable {
    public let engine: HTTPMockEngine
    /// Mapping files in `mappings/` that were refused at start; the others are loaded.
    public let loadFailures: [HTTPMockEngine.LoadFailure]
    private let listener: LoopbackServer

    /// Bodies beyond this are refused with 413, so one client cannot exhaust memory.
    public static let defaultMaximumBodySize = 64 * 1024 * 1024

    private init(engine: HTTPMockEngine, loadFailures: [HTTPMockEngine.LoadFailure], listener: LoopbackServer) {
        self.engine = engine
        self.loadFailures = loadFailures
        self.listener = listener
    }

    /// Loads `rootDirectory/mappings` (if given) and starts listening.
    public static func start(
        rootDirectory: URL? = nil,
        host: String = "127.0.0.1",
        port: Int = 0,
        journal: any RequestJournal = InMemoryRequestJournal(),
        maximumBodySize: Int = defaultMaximumBodySize,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> HTTPMockServer {
        let engine = HTTPMockEngine(rootDirectory: rootDirectory, journal: journal)
        let failures = engine.resetToDefaultMappings()
        let listener = try await LoopbackServer.start(host: host, port: port, group: group) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: .seconds(120)))
                try channel.pipeline.syncOperations.addHandler(
                    HTTPMockHandler(engine: engine, maximumBodySize: maximumBodySize)
                )
            }
        }
        return HTTPMockServer(engine: engine, loadFailures: failures, listener: listener)
    }

    public var host: String { listener.host }
    public var port: Int { listener.port }
    /// `http://host:port`, what clients are configured with.
    public var baseURL: String { "http://\(listener.endpoint)" }

    /// Stops accepting connections.
    public func shutdown() async throws {
        try await listener.shutdown()
    }
}
