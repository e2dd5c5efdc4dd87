import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    /// Planned faults and broker restarts, seen over real sockets.
    @Suite struct KafkaBrokerFaultTests {
        static func produce(_ client: KafkaTestClient, topic: String, partition: Int32 = 0, value: String) throws -> KafkaErrorCode {
            let batch = RecordBatchBuilder.values(value).build()
            client.send(apiKey: 0, version: 8) { b in
                b.writeKafkaString(nil)
                b.writeInteger(Int16(-1))
                b.writeInteger(Int32(5000))
                b.writeKafkaArray([topic]) { b, topic in
                    b.writeKafkaString(topic)
                    b.writeKafkaArray([partition]) { b, p in
                        b.writeInteger(p)
                        b.writeKafkaBytes(batch)
                    }
                }
            }
            var (_, body) = try #require(client.receive())
            _ = try body.int32()
            _ = try body.string()
            _ = try body.int32()
            _ = try body.int32()
            return KafkaErrorCode(code: try body.int16())
        }

        @Test func anInjectedErrorAnswersTheNextProduceOnly() async throws {
            let broker = try await KafkaBroker.start()
            #expect(broker.store.createTopic("f", partitions: 1) == .none)
            broker.faults.inject(.error(KafkaErrorCode(code: 6)), into: .produce)
            let client = try KafkaTestClient(port: broker.port)
            #expect(try Self.produce(client, topic: "f", value: "a") == KafkaErrorCode(code: 6))
            #expect(try Self.produce(client, topic: "f", value: "b") == .none)
            #expect(broker.store.highWatermark(of: TopicPartition(topic: "f", partition: 0)) == 1)
            try await broker.shutdown()
        }

        @Test func aDroppedConnectionLeavesOtherClientsServed() async throws {
            let broker = try await KafkaBroker.start()
            broker.faults.inject(.dropConnection, into: .metadata)
            let dropped = try KafkaTestClient(port: broker.port)
            dropped.send(apiKey: 3, version: 1) { $0.writeInteger(Int32(-1)) }
            #expect(dropped.receive() == nil)
            let other = try KafkaTestClient(port: broker.port)
            other.send(apiKey: 3, version: 1) { $0.writeInteger(Int32(-1)) }
            #expect(other.receive() != nil)
            try await broker.shutdown()
        }

        @Test func injectedLatencyDelaysTheAnswer() async throws {
            let broker = try await KafkaBroker.start()
            broker.faults.inject(.latency(milliseconds: 300), into: .apiVersions)
            let client = try KafkaTestClient(port: broker.port)
            let started = ContinuousClock.now
            client.send(apiKey: 18, version: 0) { _ in }
            #expect(client.receive() != nil)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            try await broker.shutdown()
        }

        @Test func aRestartedBrokerServesTheSameLogOnTheSamePort() async throws {
            let broker = try await KafkaBroker.start()
            #expect(broker.store.createTopic("kept", partitions: 1) == .none)
            let before = try KafkaTestClient(port: broker.port)
            #expect(try Self.produce(before, topic: "kept", value: "a") == .none)
            try await broker.stop()
            #expect(!broker.isRunning)
            #expect(before.receive() == nil)
            #expect(throws: (any Error).self) { try KafkaTestClient(port: broker.port) }
            try await broker.restart()
            let after = try KafkaTestClient(port: broker.port)
            #expect(try Self.produce(after, topic: "kept", value: "b") == .none)
            #expect(broker.store.highWatermark(of: TopicPartition(topic: "kept", partition: 0)) == 2)
            try await broker.shutdown()
        }
    }
}
