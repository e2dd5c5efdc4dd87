import NIOCore
import NIOPosix

/// A one-broker Kafka cluster on loopback: the wire protocol over ``KafkaLogStore`` and ``GroupCoordinator``.
///
/// It advertises the address it is bound to, so clients bootstrapped from ``endpoint`` reconnect to the
/// same listener; with port 0 the kernel picks the port. Tests reach the log and the groups through
/// ``store`` and ``coordinator``; the platform only ever speaks the protocol.
public final class KafkaBroker: Sendable {
    /// The topics and partitions.
    public let store: KafkaLogStore
    /// The consumer groups and their committed offsets.
    public let coordinator: GroupCoordinator
    public let configuration: KafkaBrokerConfiguration
    private let server: LoopbackServer
    private let sessionTimer: RepeatedTask

    private init(store: KafkaLogStore, coordinator: GroupCoordinator, configuration: KafkaBrokerConfiguration,
                 server: LoopbackServer, sessionTimer: RepeatedTask) {
        self.store = store
        self.coordinator = coordinator
        self.configuration = configuration
        self.server = server
        self.sessionTimer = sessionTimer
    }

    /// Binds the listener and starts serving.
    public static func start(
        _ configuration: KafkaBrokerConfiguration = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> KafkaBroker {
        let store = KafkaLogStore(defaultPartitions: configuration.defaultPartitions, autoCreateTopics: configuration.autoCreateTopics)
        let coordinator = GroupCoordinator()
        let router = KafkaRequestRouter(
            store: store, coordinator: coordinator, nodeId: configuration.nodeId, advertisedHost: configuration.host)
        let maximumFrameLength = configuration.maximumFrameLength
        let server = try await LoopbackServer.start(host: configuration.host, port: configuration.port, group: group) { channel in
            channel.eventLoop.makeCompletedFuture {
                let port = Int32(channel.localAddress?.port ?? 0)
                try channel.pipeline.syncOperations.addHandlers(
                    ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: maximumFrameLength)),
                    KafkaConnectionHandler(router: router, advertisedPort: port))
            }
        }
        // Sessions and rebalance deadlines are checked four times a second: well inside the shortest
        // session timeout a client may ask for (Kafka's minimum is 6 s).
        let sessionTimer = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(250), delay: .milliseconds(250)) { _ in
            coordinator.timePassed()
        }
        return KafkaBroker(store: store, coordinator: coordinator, configuration: configuration, server: server, sessionTimer: sessionTimer)
    }

    /// The bound address.
    public var host: String { server.host }
    /// The bound port.
    public var port: Int { server.port }
    /// `host:port`, the bootstrap address for clients.
    public var endpoint: String { server.endpoint }

    /// Stops accepting connections and stops the session timer.
    public func shutdown() async throws {
        sessionTimer.cancel()
        try await server.shutdown()
    }
}
