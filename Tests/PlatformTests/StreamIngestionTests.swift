import Contracts
import Foundation
import Platform
import Testing

/// Day 5 on the embedded stack: posts in, one RAW object and one event per message, replays recognised.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct StreamIngestionTests {
    @Test func everyMessageLandsOnceWithAnEventThatPointsAtIt() async throws {
        try await BootstrappedStack.run { fixture in
            let (stack, publisher) = (fixture.stack, fixture.publisher)

            let produced = try await StreamProducer(publisher: publisher).produce(count: 60, ratePerSecond: nil)
            let first = try await StreamConsumer(config: stack.config, publisher: publisher, group: "ingest-a")
                .run(maxMessages: 60, idleTimeout: .seconds(15), batchSize: 25)

            #expect(produced.count == 60)
            #expect(Set(produced.map(\.partition)).count > 1)  // spread over the topic's partitions
            #expect(first.messages == 60)
            #expect(first.replayed == 0)
            let s3 = S3Client(endpoint: stack.config.s3)
            #expect(try s3.listAllObjects(bucket: "raw", prefix: "source=stream/").count == 60)

            let events = try await fixture.consume(topic: "ingest.stream.v1", count: 60)
            let validator = try fixture.validator(for: "ingest.stream.v1")
            #expect(events.allSatisfy { validator.isValid($0) })
            let pointedAt = Set(events.compactMap { event -> String? in
                guard case .number(let partition)? = event["data"]?["partition"], case .number(let offset)? = event["data"]?["offset"] else { return nil }
                return "\(partition)/\(offset)"
            })
            #expect(pointedAt == Set(produced.map { "\($0.partition)/\($0.offset)" }))  // no gaps, no duplicates

            let sample = try #require(events.first?["data"]?["raw_uri"]?.stringValue)
            let object = try s3.getObject(bucket: "raw", key: String(sample.dropFirst("s3://raw/".count)))
            #expect(try JSONParser.parse(object)["type"] == "source.posts.v1")

            // Another group reads the same log again: every object is recognised, none is written twice.
            let replay = try await StreamConsumer(config: stack.config, publisher: publisher, group: "ingest-b")
                .run(maxMessages: 60, idleTimeout: .seconds(15))
            #expect(replay.messages == 60)
            #expect(replay.replayed == 60)
            #expect(try s3.listAllObjects(bucket: "raw", prefix: "source=stream/").count == 60)
            let again = try await fixture.consume(topic: "ingest.stream.v1", count: 120)
            #expect(Set(again.compactMap { $0["id"]?.stringValue }).count == 60)  // replayed events keep their ids

            // Each consume run is in the metadata with what it handled, and its events name it.
            let database = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let runs = try database.query(
                """
                SELECT run_id::text AS run_id, status, records_in, bytes_in FROM meta.ingestion_runs
                WHERE source = 'stream' AND dataset = 'source.posts.v1' ORDER BY started_at
                """)
            #expect(try runs.map { try $0.decode("status", as: String.self) } == ["succeeded", "succeeded"])
            #expect(try runs.map { try $0.decode("records_in", as: Int.self) } == [60, 60])
            #expect(try runs[0].decode("bytes_in", as: Int.self) == first.bytes)
            #expect(first.bytes > 0)
            let runIDs = Set(try runs.compactMap { try $0.decode("run_id", as: String.self) })
            #expect(Set(again.compactMap { $0["data"]?["run_id"]?.stringValue }) == runIDs)
        }
    }

    @Test func derivedIDsAreStableUUIDs() {
        let id = EventEnvelope.derivedID(from: "source.posts.v1/2/613")
        #expect(id == EventEnvelope.derivedID(from: "source.posts.v1/2/613"))
        #expect(id != EventEnvelope.derivedID(from: "source.posts.v1/2/614"))
        #expect(id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
    }
}
