import NIOCore
import NIOHTTP1
import NIOPosix

/// The JSON admin endpoint of a ``KafkaBroker`` on its own loopback port (see ``KafkaAdminHandler``).
///
/// Kept apart from the Kafka listener: it speaks HTTP, it is for people and scripts, and the platform
/// never uses it.
public final class KafkaAdminServer: Sendable {
    private let server: LoopbackServer

    private init(server: LoopbackServer) { self.server = server }

    /// Serves the admin endpoint for `broker` on `host:port` (0: the kernel picks).
    public static func start(
        for broker: KafkaBroker, host: String = "127.0.0.1", port: Int = 0,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> KafkaAdminServer {
        let store = broker.store
        let coordinator = broker.coordinator
        let faults = broker.faults
        let server = try await LoopbackServer.start(host: host, port: port, group: group) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(KafkaAdminHandler(store: store, coordinator: coordinator, faults: faults))
            }
        }
        return KafkaAdminServer(server: server)
    }

    /// `http://host:port`.
    public var url: String { "http://\(server.endpoint)" }

    /// Closes the admin listener; the broker is not affected.
    public func shutdown() async throws {
        try await server.shutdown()
    }
}
