import NIOCore
import NIOPosix
import Prometheus

/// The HTTP/1.1 listener a long-running service serves `GET /metrics` and `GET /healthz` on
/// (``MetricsHTTPHandler``), for Prometheus to scrape and for compose's healthcheck.
///
/// It binds all interfaces by default, as a container's port must be reachable from the Prometheus
/// container; port 0 lets the kernel pick one (read it back from ``port``).
public final class MetricsServer: Sendable {
    private let listener: ServiceHTTPListener

    /// The port the listener is bound to.
    public var port: Int { listener.port }

    private init(listener: ServiceHTTPListener) {
        self.listener = listener
    }

    /// Starts serving `registry` on `host`:`port`.
    public static func start(
        registry: PrometheusCollectorRegistry = PlatformObservability.registry, host: String = "0.0.0.0", port: Int,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MetricsServer {
        MetricsServer(listener: try await ServiceHTTPListener.start(host: host, port: port, group: group) {
            MetricsHTTPHandler(registry: registry)
        })
    }

    /// Stops accepting connections and closes the listener.
    public func shutdown() async throws {
        try await listener.shutdown()
    }
}
