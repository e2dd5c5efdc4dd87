import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus

/// The HTTP/1.1 listener a long-running service serves `GET /metrics` and `GET /healthz` on
/// (``MetricsHTTPHandler``), for Prometheus to scrape and for compose's healthcheck.
///
/// It binds all interfaces by default, as a container's port must be reachable from the Prometheus
/// container; port 0 lets the kernel pick one (read it back from ``port``).
public final class MetricsServer: Sendable {
    /// The port the listener is bound to.
    public let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Starts serving `registry` on `host`:`port`.
    public static func start(
        registry: PrometheusCollectorRegistry = PlatformObservability.registry, host: String = "0.0.0.0", port: Int,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MetricsServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(registry: registry))
                }
            }
            .bind(host: host, port: port)
            .get()
        guard let bound = channel.localAddress?.port else {
            try? await channel.close()
            throw MetricsServerError.noBoundAddress
        }
        return MetricsServer(port: bound, channel: channel)
    }

    /// Stops accepting connections and closes the listener.
    public func shutdown() async throws {
        try await channel.close()
    }
}

/// Why a ``MetricsServer`` could not start.
public enum MetricsServerError: Error, CustomStringConvertible {
    /// The socket bound but reported no local address.
    case noBoundAddress

    public var description: String {
        switch self {
        case .noBoundAddress: "the metrics listener bound but reported no local address"
        }
    }
}
