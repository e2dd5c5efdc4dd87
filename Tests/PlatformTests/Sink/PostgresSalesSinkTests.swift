import Contracts
import Foundation
import Platform
import Testing

/// The retail sales sink on the embedded stack: sales produced through Kafka end up in PostgreSQL once
/// each, with an aggregate that matches them, whatever is redelivered, malformed or interrupted.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PostgresSalesSinkTests {
    private let fixture = SalesFixture()

    @Test func everySaleLandsOnceAndTheMinuteAggregateMatchesWhatWasProduced() async throws {
        try await BootstrappedStack.run { stack in
            let produced = try await SalesProducer(publisher: stack.publisher, sales: fixture.sales).produce(count: 300)
            #expect(produced.count == 300)

            let sink = try sink(stack, group: "sales-a", maxEvents: 300)
            let status = try await sink.run()
            #expect(status.consumed == 300)
            #expect(status.inserted == 300)
            #expect(status.deadLettered == 0)
            #expect(status.batches >= 300 / 64)

            let connection = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let ids = try SalesFixture.eventIDs(in: connection)
            #expect(ids.count == 300)
            #expect(Set(ids) == Set((0..<300).map { fixture.sales.sale($0).eventID }))
            let expected = fixture.expectedAggregate(of: 0..<300)
            #expect(try SalesFixture.aggregate(in: connection) == expected)

            // A fresh group reads the same offsets again: every event is recognised, nothing is counted twice.
            let redelivered = try await self.sink(stack, group: "sales-b", maxEvents: 300).run()
            #expect(redelivered.consumed == 300)
            #expect(redelivered.inserted == 0)
            #expect(redelivered.duplicates == 300)
            #expect(try SalesFixture.eventIDs(in: connection).count == 300)
            #expect(try SalesFixture.aggregate(in: connection) == expected)
        }
    }

    @Test func malformedEventsGoToTheDeadLetterTopicWithTheReasonAndNotToTheTable() async throws {
        try await BootstrappedStack.run { stack in
            _ = try await SalesProducer(publisher: stack.publisher, sales: fixture.sales).produce(count: 20)
            // Bad input straight onto the topic, past the publisher's validation: what a foreign producer might send.
            let sale = fixture.sales.sale(1000)
            let invalid = EventEnvelope.make(
                type: PlatformTopics.sales, source: "/test/sales", id: sale.eventID,
                data: ["event_id": .string(sale.eventID), "store_id": 1, "sku": "SKU-1", "qty": 0, "ts": 1, "price": 1])
            let producer = try KafkaProducer(configuration: ["bootstrap.servers": stack.config.kafkaBootstrapServers])
            _ = try await producer.send(KafkaOutgoingRecord(topic: PlatformTopics.sales, value: Array(JSONSerializer.string(invalid).utf8)))
            _ = try await producer.send(KafkaOutgoingRecord(topic: PlatformTopics.sales, value: Array("{\"sale\": ".utf8)))

            let status = try await sink(stack, group: "sales-dlq", maxEvents: 22).run()
            #expect(status.consumed == 22)
            #expect(status.inserted == 20)
            #expect(status.deadLettered == 2)

            let connection = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let ids = Set(try SalesFixture.eventIDs(in: connection))
            #expect(ids.count == 20)
            #expect(!ids.contains(fixture.sales.sale(1000).eventID))

            let letters = try await stack.consume(topic: PlatformTopics.deadLetter(of: PlatformTopics.sales), count: 2)
            let validator = try stack.validator(for: "platform.deadletter.v1")
            #expect(letters.allSatisfy { validator.isValid($0) })
            let byReason = Dictionary(letters.map { ($0["data"]?["reason"]?.stringValue ?? "", $0["data"]) }, uniquingKeysWith: { a, _ in a })
            let rejected = try #require(byReason["validation_failed"] ?? nil)
            #expect(rejected["original"]?["data"]?["event_id"]?.stringValue == fixture.sales.sale(1000).eventID)
            #expect(rejected["errors"]?.arrayValue?.contains { $0["instanceLocation"] == "/data/qty" } == true)
            let unreadable = try #require(byReason["unreadable"] ?? nil)
            #expect(unreadable["original"]?.stringValue == "{\"sale\": ")
            #expect(unreadable["message"]?.stringValue?.hasPrefix("not JSON at \(PlatformTopics.sales)/") == true)
        }
    }

    @Test func aDeadDatabasePausesTheSinkWithoutCommittingAndItResumesWhenTheDatabaseIsBack() async throws {
        try await withDatabaseOfItsOwn { stack, cluster, config in
            // A quarter before the outage, the rest during it: the sink cannot have written everything
            // before the database goes, however fast it runs.
            let producer = SalesProducer(publisher: stack.publisher, sales: fixture.sales)
            _ = try await producer.produce(count: 100)
            let sink = try PostgresSalesSink(
                config: config, contracts: stack.contracts, publisher: stack.publisher, group: "sales-outage",
                options: SalesSinkOptions(
                    batchSize: 20, batchWindow: .milliseconds(50), maxEvents: 400,
                    baseRetryDelay: .milliseconds(20), maxRetryDelay: .milliseconds(200)))
            let running = Task { try await sink.run() }
            #expect(try await eventually { sink.status.inserted >= 60 })
            try cluster.stopServer()
            _ = try await producer.produce(first: 100, count: 300)

            #expect(try await eventually { sink.status.state == .waitingForDatabase })
            let committedDuringOutage = sink.status.consumed
            try await Task.sleep(for: .milliseconds(600))
            #expect(sink.status.consumed == committedDuringOutage)  // no offset moves while nothing is written
            #expect(sink.status.state == .waitingForDatabase)
            #expect(sink.status.consumed < 400)

            try cluster.restartServer()
            let status = try await running.value
            #expect(status.consumed == 400)
            #expect(status.retries > 0)
            let connection = try PostgresConnection(connectionString: cluster.connectionString)
            let ids = try SalesFixture.eventIDs(in: connection)
            #expect(ids.count == 400)
            #expect(Set(ids).count == 400)
            #expect(try SalesFixture.aggregate(in: connection) == fixture.expectedAggregate(of: 0..<400))
        }
    }

    @Test func aSinkStoppedDuringAnOutageCommittedOnlyWhatWasWrittenAndTheNextOneFinishes() async throws {
        try await withDatabaseOfItsOwn { stack, cluster, config in
            let producer = SalesProducer(publisher: stack.publisher, sales: fixture.sales)
            _ = try await producer.produce(count: 100)
            let options = SalesSinkOptions(batchSize: 20, batchWindow: .milliseconds(50), maxEvents: 300, maxRetryDelay: .milliseconds(200))

            let first = try PostgresSalesSink(config: config, contracts: stack.contracts, publisher: stack.publisher, group: "sales-crash", options: options)
            let running = Task { try await first.run() }
            #expect(try await eventually { first.status.inserted >= 40 })
            try cluster.stopServer()
            _ = try await producer.produce(first: 100, count: 200)  // produced while the database is away
            #expect(try await eventually { first.status.state == .waitingForDatabase })
            running.cancel()  // the process dies while the database is away
            _ = await running.result
            let committed = first.status.consumed

            try cluster.restartServer()
            let connection = try PostgresConnection(connectionString: cluster.connectionString)
            #expect(try SalesFixture.eventIDs(in: connection).count == committed)  // committed == written, no more, no less

            let second = try PostgresSalesSink(
                config: config, contracts: stack.contracts, publisher: stack.publisher, group: "sales-crash",
                options: SalesSinkOptions(batchSize: 20, maxEvents: 300 - committed))
            let status = try await second.run()
            #expect(status.consumed == 300 - committed)
            #expect(status.duplicates == 0)  // resumed exactly after the last committed offset
            #expect(try SalesFixture.eventIDs(in: connection).count == 300)
            #expect(try SalesFixture.aggregate(in: connection) == fixture.expectedAggregate(of: 0..<300))
        }
    }

    /// An embedded stack whose sink writes to a PostgreSQL cluster of the test's own (bootstrapped), so
    /// the test can stop and start the database under a running sink.
    private func withDatabaseOfItsOwn(
        _ body: (BootstrappedStack, TemporaryPostgresCluster, PlatformConfig) async throws -> Void
    ) async throws {
        try await BootstrappedStack.run { stack in
            let cluster = try await BlockingWork.run { try TemporaryPostgresCluster.start() }
            defer { try? cluster.stop() }
            try PostgresConnection(connectionString: cluster.connectionString).execute(script: PlatformBootstrap.postgresScript)
            var config = stack.config
            config.postgres.port = cluster.port
            try await body(stack, cluster, config)
        }
    }

    @Test func pauseAndResumeThroughTheControlEndpoint() async throws {
        try await BootstrappedStack.run { stack in
            let sink = try self.sink(stack, group: "sales-control", maxEvents: 50)
            let server = try await PipelineControlServer.start(control: sink.control) { sink.status.json }
            let http = CurlHTTPClient(timeoutMilliseconds: 5_000)
            let paused = try http.perform(HTTPRequest(method: "POST", url: "\(server.url)/pause"))
            #expect(paused.status == 200)
            #expect(try JSONParser.parse(paused.body)["pause_requested"] == true)

            let running = Task { try await sink.run() }
            _ = try await SalesProducer(publisher: stack.publisher, sales: fixture.sales).produce(count: 50)
            #expect(try await eventually { sink.status.state == .paused })
            try await Task.sleep(for: .milliseconds(500))
            let held = try JSONParser.parse(try http.get("\(server.url)/status").body)
            #expect(held["state"] == "paused")
            #expect(held["consumed"] == 0)

            #expect(try http.perform(HTTPRequest(method: "POST", url: "\(server.url)/resume")).status == 200)
            let status = try await running.value
            #expect(status.consumed == 50)
            #expect(status.inserted == 50)
            #expect(try http.get("\(server.url)/nowhere").status == 404)
            #expect(try http.perform(HTTPRequest(method: "POST", url: "\(server.url)/rate?per_second=fast")).status == 400)
            #expect(try http.perform(HTTPRequest(method: "POST", url: "\(server.url)/rate?per_second=250")).status == 200)
            #expect(sink.control.ratePerSecond == 250)
            try await server.shutdown()
        }
    }

    private func sink(_ stack: BootstrappedStack, group: String, maxEvents: Int) throws -> PostgresSalesSink {
        try PostgresSalesSink(
            config: stack.config, contracts: stack.contracts, publisher: stack.publisher, group: group,
            options: SalesSinkOptions(batchSize: 64, batchWindow: .milliseconds(100), maxEvents: maxEvents))
    }
}
