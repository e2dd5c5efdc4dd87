import Emulators
import Foundation
import Platform
import Testing

/// The platform's librdkafka clients against the Kafka log emulator over real sockets.
@Suite(.timeLimit(.minutes(2)))
struct KafkaClientTests {
    private func withBroker(_ body: (String) async throws -> Void) async throws {
        let broker = try await KafkaBroker.start(KafkaBrokerConfiguration(defaultPartitions: 1))
        defer { Task { try? await broker.shutdown() } }
        try await body(broker.endpoint)
    }

    @Test func sendsResolveWithConsecutiveOffsetsOnceDelivered() async throws {
        try await withBroker { bootstrap in
            let producer = try KafkaProducer(configuration: ["bootstrap.servers": bootstrap])
            var reports: [KafkaDeliveryReport] = []
            for index in 0..<20 {
                reports.append(try await producer.send(KafkaOutgoingRecord(topic: "orders", value: Array("order \(index)".utf8))))
            }

            #expect(reports.map(\.offset) == Array(0..<20))
            #expect(Set(reports.map(\.topic)) == ["orders"])
            #expect(Set(reports.map(\.partition)) == [0])
        }
    }

    @Test func sendAllReportsEveryRecordInTheOrderGivenAndTheyAreReadBackInThatOrder() async throws {
        try await withBroker { bootstrap in
            let producer = try KafkaProducer(configuration: ["bootstrap.servers": bootstrap])
            let records = (0..<1_000).map { KafkaOutgoingRecord(topic: "bulk", value: Array("record \($0)".utf8)) }
            let reports = try await producer.sendAll(records).map { try $0.get() }

            #expect(reports.map(\.offset) == Array(0..<1_000))
            let consumer = try KafkaConsumer(configuration: ["bootstrap.servers": bootstrap, "group.id": "bulk-readers"])
            try consumer.subscribe(["bulk"])
            let read = try Self.poll(consumer, count: 1_000)
            #expect(read.map { String(decoding: $0.value, as: UTF8.self) } == (0..<1_000).map { "record \($0)" })
            #expect(await producer.sendAll([]).isEmpty)
        }
    }

    @Test func sendAllToAnUnreachableBrokerReportsEachRecordFailedInsteadOfHanging() async throws {
        let producer = try KafkaProducer(configuration: [
            "bootstrap.servers": "127.0.0.1:1", "message.timeout.ms": "1500", "enable.idempotence": "false",
        ])
        let reports = await producer.sendAll((0..<3).map { KafkaOutgoingRecord(topic: "nowhere", value: [UInt8($0)]) })
        #expect(reports.count == 3)
        #expect(reports.allSatisfy { if case .failure = $0 { true } else { false } })
    }

    @Test func aConsumerReadsKeysValuesAndHeadersBackInOrder() async throws {
        try await withBroker { bootstrap in
            let producer = try KafkaProducer(configuration: ["bootstrap.servers": bootstrap])
            for index in 0..<5 {
                _ = try await producer.send(KafkaOutgoingRecord(
                    topic: "posts", key: Array("k\(index)".utf8), value: Array("v\(index)".utf8),
                    headers: [("trace", Array("t\(index)".utf8)), ("empty", [])]))
            }
            let consumer = try KafkaConsumer(configuration: ["bootstrap.servers": bootstrap, "group.id": "readers"])
            try consumer.subscribe(["posts"])

            let records = try Self.poll(consumer, count: 5)

            #expect(records.map(\.offset) == [0, 1, 2, 3, 4])
            #expect(records.map { String(decoding: $0.value, as: UTF8.self) } == ["v0", "v1", "v2", "v3", "v4"])
            #expect(records.map { $0.key.map { String(decoding: $0, as: UTF8.self) } } == ["k0", "k1", "k2", "k3", "k4"])
            #expect(records[2].headers.map(\.name) == ["trace", "empty"])
            #expect(records[2].headers.first?.value == Array("t2".utf8))
            #expect(records.allSatisfy { $0.timestampMilliseconds != nil })
        }
    }

    @Test func committedOffsetsAreWhereTheGroupResumes() async throws {
        try await withBroker { bootstrap in
            let producer = try KafkaProducer(configuration: ["bootstrap.servers": bootstrap])
            for index in 0..<6 {
                _ = try await producer.send(KafkaOutgoingRecord(topic: "events", value: [UInt8(index)]))
            }
            let settings = ["bootstrap.servers": bootstrap, "group.id": "sink", "session.timeout.ms": "6000"]

            do {
                let first = try KafkaConsumer(configuration: settings)
                try first.subscribe(["events"])
                let records = try Self.poll(first, count: 6)
                try first.commit(Array(records.prefix(4)))  // the last two were never safely written
            }
            let second = try KafkaConsumer(configuration: settings)
            try second.subscribe(["events"])
            let resumed = try Self.poll(second, count: 2)

            #expect(resumed.map(\.offset) == [4, 5])
            #expect(resumed.map(\.value) == [[4], [5]])
        }
    }

    @Test func creatingTopicsTwiceReportsThemAsExisting() async throws {
        try await withBroker { bootstrap in
            let admin = try KafkaAdmin(bootstrapServers: bootstrap)
            let specs = [KafkaTopicSpec(name: "ingest.file.v1", partitions: 3), KafkaTopicSpec(name: "ingest.file.v1.dlq")]

            let first = try admin.createTopics(specs)
            let second = try admin.createTopics(specs)
            let topics = try admin.topics()

            #expect(first == ["ingest.file.v1": .created, "ingest.file.v1.dlq": .created])
            #expect(second == ["ingest.file.v1": .alreadyExisted, "ingest.file.v1.dlq": .alreadyExisted])
            #expect(topics["ingest.file.v1"] == 3)
            #expect(topics["ingest.file.v1.dlq"] == 1)
        }
    }

    @Test func aSendToAnUnreachableBrokerFailsInsteadOfHanging() async throws {
        let producer = try KafkaProducer(configuration: [
            "bootstrap.servers": "127.0.0.1:1", "message.timeout.ms": "1500", "enable.idempotence": "false",
        ])
        await #expect(throws: KafkaError.self) {
            _ = try await producer.send(KafkaOutgoingRecord(topic: "nowhere", value: [1]))
        }
    }

    /// Polls until `count` records arrived, or fails after 30 seconds without them.
    private static func poll(_ consumer: KafkaConsumer, count: Int) throws -> [KafkaRecord] {
        var records: [KafkaRecord] = []
        let deadline = Date().addingTimeInterval(30)
        while records.count < count, Date() < deadline {
            if let record = try consumer.poll(timeoutMilliseconds: 200) { records.append(record) }
        }
        try #require(records.count == count, "got \(records.count) of \(count) records")
        return records
    }
}
