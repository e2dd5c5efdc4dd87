import Contracts
import Foundation
import Platform
import Testing

/// Kafka to bronze on the embedded stack: every event becomes exactly one row in the right partition,
/// malformed records go to the dead letters, and a storage outage holds the batch uncommitted.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct BronzeSinkTests {
    private static func day(ofMicros micros: Int64) -> String {
        UTCTimeText.day(Date(timeIntervalSince1970: Double(micros) / 1_000_000))
    }

    @Test func eventsBecomeBronzeRowsPartitionedByDateAndService() async throws {
        try await BootstrappedStack.run { fixture in
            try await MetricsFixture.run { scrape in
                let config = fixture.config
                try ServiceEventTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
                let produced = try await ServiceEventProducer(bootstrapServers: config.kafkaBootstrapServers).produce(count: 250)
                let raw = try KafkaProducer(configuration: ["bootstrap.servers": config.kafkaBootstrapServers])
                _ = try await raw.send(KafkaOutgoingRecord(topic: ServiceEventTopics.events, value: Array("not an event".utf8)))

                let report = try await BronzeSink(
                    config: config, publisher: fixture.publisher, group: "bronze-a", batchSize: 100, batchWindow: .seconds(1), metrics: scrape.metrics
                ).run(maxRecords: 251, idleTimeout: .seconds(20))

                #expect(report.records == 251)
                #expect(report.rows == 250)
                #expect(report.deadLettered == 1)
                #expect(report.batches >= 3)
                let table = try BronzeTableReading(config: config)
                #expect(table.rows.count == 250)
                let byID = Dictionary(uniqueKeysWithValues: produced.map { ($0.eventID, $0) })
                #expect(Set(table.rows.map(\.eventID)) == Set(byID.keys))
                for row in table.rows {
                    #expect(row.service == byID[row.eventID]?.service, "service partition of \(row.key)")
                    #expect(row.eventDate == Self.day(ofMicros: row.timestampMicros), "date partition of \(row.key)")
                    #expect(row.key.hasSuffix(".parquet") && row.key.contains("/part-"))
                }
                #expect(Set(table.rows.map(\.service)) == Set(ServiceEventProducer.services))

                let letters = try await fixture.consume(topic: ServiceEventTopics.deadLetters, count: 1)
                #expect(letters[0]["data"]?["reason"]?.stringValue == "unreadable")
                #expect(letters[0]["data"]?["message"]?.stringValue?.contains("not JSON") == true)

                // The malformed record is a failure in the metadata too, listed by replay but not re-driven.
                let replayer = try DeadLetterReplayer(config: config, publisher: fixture.publisher)
                let listed = try replayer.list()
                #expect(listed.count == 1)
                #expect(listed.first?.errorKind == "malformed_event")
                #expect(listed.first?.dataset == BronzeSink.dataset)
                #expect(listed.first?.inputURI?.hasPrefix("kafka://\(ServiceEventTopics.events)/") == true)
                #expect(listed.first?.deadLetterURI == nil)
                #expect(try await replayer.replayAll().isEmpty)

                let exposition = try scrape.scrape()
                let labels = ["dataset": BronzeSink.dataset, "source": "stream"]
                #expect(try exposition.value(SluiceMetrics.recordsInName, labels) == 251)
                #expect(try exposition.value(SluiceMetrics.recordsOutName, labels) == 250)
                #expect(try exposition.value(SluiceMetrics.deadLettersName, ["topic": ServiceEventTopics.deadLetters]) == 1)
                #expect(try exposition.value(SluiceMetrics.errorsName, ["kind": "parse"]) == 1)
                #expect(try exposition.value(SluiceMetrics.batchSecondsName + "_count", ["stage": "bronze_batch"]) == Double(report.batches))
            }
        }
    }

    @Test func aNewFieldSetIsANewSchemaVersionAndTheRunGoesOn() async throws {
        try await BootstrappedStack.run { fixture in
            let config = fixture.config
            try ServiceEventTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
            let produced = try await ServiceEventProducer(bootstrapServers: config.kafkaBootstrapServers).produce(count: 10)
            let raw = try KafkaProducer(configuration: ["bootstrap.servers": config.kafkaBootstrapServers])
            let drifted = #"{"event_id":"drift-1","service":"api","level":"info","message":"with region","ts":1795460000000,"region":"eu-west"}"#
            _ = try await raw.send(KafkaOutgoingRecord(topic: ServiceEventTopics.events, value: Array(drifted.utf8)))

            let report = try await BronzeSink(config: config, publisher: fixture.publisher, group: "bronze-drift", batchWindow: .seconds(1))
                .run(maxRecords: 11, idleTimeout: .seconds(20))

            #expect(report.rows == 11)
            #expect(report.schemaVersions.count == 2)
            #expect(report.schemaVersions.values.contains { $0.contains("region") })
            let database = try PostgresConnection(connectionString: config.postgres.connectionString)
            let versions = try database.query(
                "SELECT version FROM meta.ingestion_schemas WHERE dataset = $1 ORDER BY version", [BronzeSink.dataset])
            #expect(try versions.map { try $0.decode("version", as: Int.self) } == [1, 2])
            let runs = Array(try database.query(
                "SELECT status, records_out FROM meta.ingestion_runs WHERE dataset = $1", [BronzeSink.dataset]))
            #expect(runs.count == 1)
            #expect(try runs.first?.decode("status", as: String.self) == "succeeded")
            #expect(try runs.first?.decode("records_out", as: Int.self) == 11)
            #expect(Set(try BronzeTableReading(config: config).rows.map(\.eventID)) == Set(produced.map(\.eventID) + ["drift-1"]))
        }
    }

    @Test func aStorageOutageHoldsTheBatchUncommittedAndSkipsNothing() async throws {
        try await FaultStack.run { stack in
            let config = stack.config
            try ServiceEventTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
            let produced = try await ServiceEventProducer(bootstrapServers: config.kafkaBootstrapServers).produce(count: 40)
            let quick = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50))

            // Storage down for good: the sink keeps trying and commits nothing; stopping it loses nothing.
            stack.s3.faults.failNext(100_000, with: .slowDown, matching: .put(under: "\(config.curatedBucket)/bronze/"))
            let held = Task {
                try await BronzeSink(config: config, publisher: stack.publisher, group: "bronze-outage", batchSize: 100, batchWindow: .milliseconds(500), retry: quick)
                    .run(maxRecords: 40, idleTimeout: .seconds(30))
            }
            while stack.s3.faults.faultsAnswered < 10 { try await Task.sleep(for: .milliseconds(100)) }
            held.cancel()
            await #expect(throws: CancellationError.self) { try await held.value }
            #expect(try BronzeTableReading(config: config).rows.isEmpty)

            // Storage back after a few more failures: the same group starts from the first event again.
            stack.s3.faults.clear()
            stack.s3.faults.failNext(4, with: .internalError, matching: .put(under: "\(config.curatedBucket)/bronze/"))
            let report = try await BronzeSink(config: config, publisher: stack.publisher, group: "bronze-outage", batchSize: 100, batchWindow: .milliseconds(500), retry: quick)
                .run(maxRecords: 40, idleTimeout: .seconds(20))
            #expect(report.records == 40)
            #expect(report.writeRetries == 4)
            let table = try BronzeTableReading(config: config)
            #expect(table.rows.count == 40)
            #expect(Set(table.rows.map(\.eventID)) == Set(produced.map(\.eventID)))
        }
    }
}
