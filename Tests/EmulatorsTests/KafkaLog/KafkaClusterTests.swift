import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    /// Several brokers in one process: leadership spread, NOT_LEADER_OR_FOLLOWER, and failover on stop.
    @Suite struct KafkaClusterTests {
        @Test func partitionsAreSpreadAndMoveWhenTheirLeaderStops() async throws {
            let cluster = try await KafkaCluster.start(brokers: 2)
            let view = cluster.brokers[0].cluster
            #expect(cluster.store.createTopic("spread", partitions: 2) == .none)
            #expect(view.leader(of: 0) == 1)
            #expect(view.leader(of: 1) == 2)
            let toFirst = try KafkaTestClient(port: cluster.brokers[0].port)
            #expect(try KafkaBrokerFaultTests.produce(toFirst, topic: "spread", partition: 1, value: "x") == .notLeaderOrFollower)
            #expect(try KafkaBrokerFaultTests.produce(toFirst, topic: "spread", partition: 0, value: "x") == .none)

            try await cluster.brokers[1].stop()
            #expect(view.leader(of: 1) == 1)
            #expect(view.running.map(\.nodeId) == [1])
            #expect(try KafkaBrokerFaultTests.produce(toFirst, topic: "spread", partition: 1, value: "y") == .none)

            try await cluster.brokers[1].restart()
            #expect(view.leader(of: 1) == 2)
            let toSecond = try KafkaTestClient(port: cluster.brokers[1].port)
            #expect(try KafkaBrokerFaultTests.produce(toSecond, topic: "spread", partition: 1, value: "z") == .none)
            #expect(cluster.store.highWatermark(of: TopicPartition(topic: "spread", partition: 1)) == 2)
            try await cluster.shutdown()
        }

        @Test func theCoordinatorIsTheFirstRunningBroker() async throws {
            let cluster = try await KafkaCluster.start(brokers: 3)
            let view = cluster.brokers[0].cluster
            #expect(view.coordinator?.nodeId == 1)
            try await cluster.brokers[0].stop()
            #expect(view.coordinator?.nodeId == 2)
            #expect(cluster.bootstrapServers.split(separator: ",").count == 3)
            try await cluster.shutdown()
        }
    }
}
