import NIOCore
import NIOPosix
import Synchronization

/// One Kafka broker on loopback: the wire protocol over ``KafkaLogStore`` and ``GroupCoordinator``.
///
/// It advertises the address it is bound to, so clients bootstrapped from ``endpoint`` reconnect to the
/// same listener; with port 0 the kernel picks the port. Tests reach the log and the groups through
/// ``store`` and ``coordinator``, and plan failures through ``faults``; the platform only ever speaks the
/// protocol. ``stop()`` and ``restart()`` take the broker away and bring it back on the same port with
/// the same log, as a broker restart does. Several brokers sharing one log form a ``KafkaCluster``.
public final class KafkaBroker: Sendable {
    /// The topics and partitions.
    public let store: KafkaLogStore
    /// The consumer groups and their committed offsets.
    public let coordinator: GroupCoordinator
    /// Faults planned for the next requests.
    public let faults: KafkaFaultInjector
    /// The brokers of the cluster this one belongs to (just itself, unless started by ``KafkaCluster``).
    public let cluster: KafkaClusterView
    /// How the broker was started.
    public let configuration: KafkaBrokerConfiguration
    /// The bound address.
    public let host: String
    /// The bound port; kept across ``stop()`` and ``restart()``.
    public let port: Int
    private let group: any EventLoopGroup
    private let router: KafkaRequestRouter
    private let server: Mutex<LoopbackServer?>
    private let connections: KafkaConnectionRegistry
    private let sessionTimer: RepeatedTask

    private init(configuration: KafkaBrokerConfiguration, group: any EventLoopGroup, router: KafkaRequestRouter,
                 server: LoopbackServer, connections: KafkaConnectionRegistry, sessionTimer: RepeatedTask) {
        self.store = router.store
        self.coordinator = router.coordinator
        self.faults = router.faults
        self.cluster = router.cluster
        self.configuration = configuration
        self.host = server.host
        self.port = server.port
        self.group = group
        self.router = router
        self.server = Mutex(server)
        self.connections = connections
        self.sessionTimer = sessionTimer
    }

    /// Binds the listener of a one-broker cluster and starts serving.
    public static func start(
        _ configuration: KafkaBrokerConfiguration = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> KafkaBroker {
        let store = try configuration.dataDirectory.map {
            try KafkaLogStore(defaultPartitions: configuration.defaultPartitions, autoCreateTopics: configuration.autoCreateTopics, dataDirectory: $0)
        } ?? KafkaLogStore(defaultPartitions: configuration.defaultPartitions, autoCreateTopics: configuration.autoCreateTopics)
        let cluster = KafkaClusterView([.init(
            nodeId: configuration.nodeId, host: configuration.host, port: Int32(configuration.port), isRunning: true)])
        let coordinator = GroupCoordinator(offsetRetentionMs: configuration.offsetRetentionMs, dataDirectory: configuration.dataDirectory)
        return try await start(configuration, store: store, coordinator: coordinator, faults: KafkaFaultInjector(),
                               cluster: cluster, group: group)
    }

    /// Starts one broker of a cluster whose members share the log, the coordinator and the faults.
    static func start(
        _ configuration: KafkaBrokerConfiguration, store: KafkaLogStore, coordinator: GroupCoordinator,
        faults: KafkaFaultInjector, cluster: KafkaClusterView, group: any EventLoopGroup
    ) async throws -> KafkaBroker {
        let router = KafkaRequestRouter(store: store, coordinator: coordinator, faults: faults, cluster: cluster, nodeId: configuration.nodeId)
        let connections = KafkaConnectionRegistry()
        let server = try await listen(configuration, port: configuration.port, group: group, router: router, connections: connections)
        cluster.update(nodeId: configuration.nodeId, port: Int32(server.port), isRunning: true)
        // Sessions and rebalance deadlines are checked four times a second: well inside the shortest
        // session timeout a client may ask for (Kafka's minimum is 6 s).
        let sessionTimer = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(250), delay: .milliseconds(250)) { _ in
            coordinator.timePassed()
        }
        return KafkaBroker(configuration: configuration, group: group, router: router, server: server,
                           connections: connections, sessionTimer: sessionTimer)
    }

    private static func listen(
        _ configuration: KafkaBrokerConfiguration, port: Int, group: any EventLoopGroup, router: KafkaRequestRouter,
        connections: KafkaConnectionRegistry
    ) async throws -> LoopbackServer {
        let maximumFrameLength = configuration.maximumFrameLength
        return try await LoopbackServer.start(host: configuration.host, port: port, group: group) { channel in
            connections.opened(channel)
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandlers(
                    ByteToMessageHandler(KafkaFrameDecoder(maximumFrameLength: maximumFrameLength)),
                    KafkaConnectionHandler(router: router))
            }
        }
    }

    /// The broker's node id.
    public var nodeId: Int32 { configuration.nodeId }

    /// `host:port`, the bootstrap address for clients.
    public var endpoint: String { "\(host):\(port)" }

    /// Whether the broker is currently accepting connections.
    public var isRunning: Bool { server.withLock { $0 != nil } }

    /// Takes the broker away: the listener closes, every client connection is dropped, and in a cluster
    /// its partitions move to the next running broker. The log, the groups and the committed offsets
    /// stay, for ``restart()``.
    public func stop() async throws {
        let listener = server.withLock { s in
            defer { s = nil }
            return s
        }
        cluster.update(nodeId: nodeId, isRunning: false)
        try await listener?.shutdown()
        await connections.closeAll()
    }

    /// Brings a stopped broker back on the same port, with the log as it was.
    public func restart() async throws {
        guard !isRunning else { return }
        let listener = try await Self.listen(configuration, port: port, group: group, router: router, connections: connections)
        server.withLock { $0 = listener }
        cluster.update(nodeId: nodeId, isRunning: true)
    }

    /// Stops the broker for good: the listener, every connection and the session timer.
    public func shutdown() async throws {
        sessionTimer.cancel()
        try await stop()
    }
}
