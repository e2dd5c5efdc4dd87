import Foundation
import Platform
import Testing

/// Day 6 end to end on the embedded stack: the golden RAW file ingested, curated to Parquet by
/// `TrafficCuration`, served by `TrafficServing`; then curation and serving again, which must change nothing.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct TrafficPipelineTests {
    @Test func ingestCurateServeGivesTheGoldenTablesAndRunningItAgainChangesNothing() async throws {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("serving-inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: inbox) }
        try FileManager.default.copyItem(
            at: CuratedTrafficFixture.goldenFolder.appendingPathComponent("input/traffic.csv"),
            to: inbox.appendingPathComponent("traffic.csv"))

        try await BootstrappedStack.run { stack in
            let ingestor = try FileIngestor(config: stack.config, dataset: .traffic, publisher: stack.publisher)
            let ingested = try await ingestor.ingest(inbox: inbox.path)
            let curation = TrafficCuration(config: stack.config)
            let serving = TrafficServing(config: stack.config)

            let curated = try curation.run()
            let first = try serving.run()
            let curatedAgain = try curation.run()
            let second = try serving.run()

            #expect(ingested.landed.count == 1 && ingested.quarantined.isEmpty)
            #expect(curated.quarantined.isEmpty && curatedAgain.quarantined.isEmpty)
            let golden = CuratedTrafficFixture.goldenFolder
            let facts = try CanonicalTable(path: golden.appendingPathComponent("expected/fct_traffic_daily.csv").path)
            let sensors = try CanonicalTable(path: golden.appendingPathComponent("serving/dim_sensor.csv").path)
            #expect(first.facts == ServingUpsertCounts(inserted: facts.rows.count, updated: 0, unchanged: 0))
            #expect(first.sensors == ServingUpsertCounts(inserted: sensors.rows.count, updated: 0, unchanged: 0))
            #expect(first.stagingRows == 10_051)
            #expect(second.changedRows == 0 && second.facts.unchanged == facts.rows.count)

            let postgres = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            #expect(facts.differences(from: try CanonicalTable(postgres.query(TrafficServingTests.factQuery))) == [])
            #expect(sensors.differences(from: try CanonicalTable(postgres.query(TrafficServingTests.sensorQuery))) == [])
        }
    }
}
