import NIOCore
import NIOPosix

/// Several brokers in one process, each on its own loopback port, sharing one log and one coordinator,
/// so that partition leadership and a broker going away can be tested with real clients.
///
/// Partitions are spread over the brokers (see ``KafkaClusterView``); a broker that does not lead a
/// partition answers NOT_LEADER_OR_FOLLOWER for it, which sends clients back to Metadata.
public final class KafkaCluster: Sendable {
    /// The brokers, node ids 1…N in order.
    public let brokers: [KafkaBroker]

    private init(brokers: [KafkaBroker]) { self.brokers = brokers }

    /// Starts `count` brokers with node ids 1…`count`. `configuration.port`, when not 0, is the first
    /// broker's port and the others take the following ones; `nodeId` is ignored.
    public static func start(
        brokers count: Int, _ configuration: KafkaBrokerConfiguration = .init(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> KafkaCluster {
        precondition(count >= 1, "a cluster has at least one broker")
        let store = try configuration.dataDirectory.map {
            try KafkaLogStore(defaultPartitions: configuration.defaultPartitions, autoCreateTopics: configuration.autoCreateTopics, dataDirectory: $0)
        } ?? KafkaLogStore(defaultPartitions: configuration.defaultPartitions, autoCreateTopics: configuration.autoCreateTopics)
        let coordinator = GroupCoordinator(offsetRetentionMs: configuration.offsetRetentionMs, dataDirectory: configuration.dataDirectory)
        let faults = KafkaFaultInjector()
        let ids = (1...count).map(Int32.init)
        let cluster = KafkaClusterView(ids.map { .init(nodeId: $0, host: configuration.host, port: 0, isRunning: false) })
        var brokers: [KafkaBroker] = []
        do {
            for id in ids {
                var own = configuration
                own.nodeId = id
                own.port = configuration.port == 0 ? 0 : configuration.port + Int(id) - 1
                brokers.append(try await KafkaBroker.start(
                    own, store: store, coordinator: coordinator, faults: faults, cluster: cluster, group: group))
            }
        } catch {
            for broker in brokers { try? await broker.shutdown() }
            throw error
        }
        return KafkaCluster(brokers: brokers)
    }

    /// Every broker's `host:port`, comma-separated, as `bootstrap.servers` takes them.
    public var bootstrapServers: String { brokers.map(\.endpoint).joined(separator: ",") }

    /// The shared log.
    public var store: KafkaLogStore { brokers[0].store }

    /// The shared group coordinator.
    public var coordinator: GroupCoordinator { brokers[0].coordinator }

    /// Faults shared by all brokers.
    public var faults: KafkaFaultInjector { brokers[0].faults }

    /// Shuts every broker down.
    public func shutdown() async throws {
        for broker in brokers { try await broker.shutdown() }
    }
}
