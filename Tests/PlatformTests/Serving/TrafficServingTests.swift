import Foundation
import Platform
import Testing

/// `sluice serve traffic` on the embedded stack: curated Parquet in the S3 emulator, PostgreSQL + PostGIS
/// checked through libpq against golden/traffic.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct TrafficServingTests {
    static let factQuery = """
        SELECT sensor_id, city, readings::text AS readings, total_vehicle_count::text AS total_vehicle_count,
            avg_vehicle_count::text AS avg_vehicle_count, avg_speed_kmh::text AS avg_speed_kmh,
            avg_occupancy_pct::text AS avg_occupancy_pct, congestion_level_max,
            congestion_level_rank_max::text AS congestion_level_rank_max, incident_count::text AS incident_count,
            traffic_date::text AS traffic_date
        FROM curated.fct_traffic_daily
        ORDER BY traffic_date, sensor_id COLLATE "C", city COLLATE "C" NULLS LAST
        """
    static let sensorQuery = """
        SELECT sensor_id, city, road, ST_Y(position::geometry)::text AS lat, ST_X(position::geometry)::text AS lon,
            readings::text AS readings,
            to_char(first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS first_seen,
            to_char(last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS last_seen
        FROM curated.dim_sensor ORDER BY sensor_id COLLATE "C"
        """

    @Test(arguments: [CuratedTrafficFixture.Writer.sluice, .pyarrow])
    func servingTwiceChangesNothingAndTheTablesAreTheGoldenOnes(writer: CuratedTrafficFixture.Writer) async throws {
        try await BootstrappedStack.run { stack in
            try CuratedTrafficFixture.upload(to: stack.config, writer: writer)
            let serving = TrafficServing(config: stack.config)

            let first = try serving.run()
            let second = try serving.run()

            let golden = CuratedTrafficFixture.goldenFolder
            let facts = try CanonicalTable(path: golden.appendingPathComponent("expected/fct_traffic_daily.csv").path)
            let sensors = try CanonicalTable(path: golden.appendingPathComponent("serving/dim_sensor.csv").path)
            #expect(first.factObjects == 7 && first.stagingObjects == 8)
            #expect(first.facts == ServingUpsertCounts(inserted: facts.rows.count, updated: 0, unchanged: 0))
            #expect(first.sensors == ServingUpsertCounts(inserted: sensors.rows.count, updated: 0, unchanged: 0))
            #expect(second.changedRows == 0)
            #expect(second.facts == ServingUpsertCounts(inserted: 0, updated: 0, unchanged: facts.rows.count))
            #expect(second.sensors == ServingUpsertCounts(inserted: 0, updated: 0, unchanged: sensors.rows.count))
            #expect(second.text.hasSuffix("serve traffic: 0 changed (already served)"))

            let postgres = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            #expect(facts.differences(from: try CanonicalTable(postgres.query(Self.factQuery))) == [])
            #expect(sensors.differences(from: try CanonicalTable(postgres.query(Self.sensorQuery))) == [])
            let runs = try postgres.query(
                "SELECT status, records_out FROM meta.ingestion_runs WHERE source = 'serving' ORDER BY started_at")
            #expect(try runs.map { try $0.text("status") } == ["succeeded", "succeeded"])
            #expect(try runs[1].decode("records_out", as: Int.self) == 0)
        }
    }

    @Test func sensorsWithinFiveKilometresOfAPointAreTheGoldenAnswer() async throws {
        try await BootstrappedStack.run { stack in
            try CuratedTrafficFixture.upload(to: stack.config)
            _ = try TrafficServing(config: stack.config).run()

            let postgres = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let near = try postgres.query(
                """
                SELECT sensor_id, city, road, ST_Y(position::geometry)::text AS lat, ST_X(position::geometry)::text AS lon,
                    round(ST_Distance(position, ST_MakePoint($1, $2)::geography))::text AS distance_m
                FROM curated.dim_sensor
                WHERE ST_DWithin(position, ST_MakePoint($1, $2)::geography, 5000)
                ORDER BY ST_Distance(position, ST_MakePoint($1, $2)::geography), sensor_id
                """, ["13.40", "52.52"])
            let golden = try CanonicalTable(
                path: CuratedTrafficFixture.goldenFolder.appendingPathComponent("serving/sensors_within_5km.csv").path)
            let served = try CanonicalTable(near)
            // The golden distances are on a sphere, PostGIS's on the spheroid: the sets are the same (no
            // sensor is within 50 m of the boundary), the metres differ by well under 0.5 %.
            #expect(golden.rows.map { $0.dropLast() } == served.rows.map { $0.dropLast() })
            for (want, got) in zip(golden.rows, served.rows) {
                let (sphere, spheroid) = (Double(want.last!)!, Double(got.last!)!)
                #expect(abs(sphere - spheroid) <= sphere * 0.005 + 1, "\(want[0]): \(spheroid) m, sphere \(sphere) m")
            }
            #expect(golden.rows.map(\.first) == ["S025", "S013", "S005"])
        }
    }

    @Test func aChangedDayIsUpdatedAndNothingElse() async throws {
        try await BootstrappedStack.run { stack in
            try CuratedTrafficFixture.upload(to: stack.config)
            let serving = TrafficServing(config: stack.config)
            _ = try serving.run()
            try CuratedTrafficFixture.upload(to: stack.config, bumpReadingsOn: "2024-03-09")

            let report = try serving.run()

            let postgres = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let day = try postgres.query("SELECT count(*) AS n FROM curated.fct_traffic_daily WHERE traffic_date = '2024-03-09'")
            let dayRows = try day[0].decode("n", as: Int.self) ?? 0
            #expect(dayRows > 0)
            #expect(report.facts.updated == dayRows && report.facts.inserted == 0)
            #expect(report.sensors.changed == 0)
        }
    }

    @Test func aCorruptObjectIsNamedAndLeavesTheTablesAsTheyWere() async throws {
        try await BootstrappedStack.run { stack in
            try CuratedTrafficFixture.upload(to: stack.config)
            let serving = TrafficServing(config: stack.config)
            _ = try serving.run()
            let postgres = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let before = (try CanonicalTable(postgres.query(Self.factQuery)), try CanonicalTable(postgres.query(Self.sensorQuery)))

            // A changed day that is staged first, then an object that is not Parquet after it in key order.
            try CuratedTrafficFixture.upload(to: stack.config, bumpReadingsOn: "2024-03-09")
            let corrupt = "hive/curated/fct_traffic_daily/traffic_date=2024-03-10/part-00001.parquet"
            try S3Client(endpoint: stack.config.s3).putObject(
                bucket: stack.config.curatedBucket, key: corrupt, body: Array("PAR1 this is not a Parquet file".utf8))

            let error = #expect(throws: ServingError.self) { try serving.run() }

            #expect(error?.kind == .unreadableObject)
            #expect(error?.message.contains("s3://curated/\(corrupt) is not readable Parquet") == true)
            let after = (try CanonicalTable(postgres.query(Self.factQuery)), try CanonicalTable(postgres.query(Self.sensorQuery)))
            #expect(after == before)
            let failed = try postgres.query("SELECT error FROM meta.ingestion_runs WHERE status = 'failed'")
            #expect(try failed.count == 1 && failed[0].text("error")?.contains(corrupt) == true)
        }
    }

    @Test func objectsThatDoNotFitTheTableAreRefusedByName() async throws {
        try await BootstrappedStack.run { stack in
            let keys = try CuratedTrafficFixture.upload(to: stack.config)
            let s3 = S3Client(endpoint: stack.config.s3)
            let bucket = stack.config.curatedBucket
            let serving = TrafficServing(config: stack.config)
            let facts = "hive/curated/fct_traffic_daily"
            let firstDay = try s3.getObject(bucket: bucket, key: "\(facts)/traffic_date=2024-03-04/part-00000.parquet")

            try s3.putObject(bucket: bucket, key: "\(facts)/part-00000.parquet", body: firstDay)
            let unpartitioned = #expect(throws: ServingError.self) { try serving.run() }
            try s3.deleteObject(bucket: bucket, key: "\(facts)/part-00000.parquet")

            let readings = try s3.getObject(bucket: bucket, key: try #require(keys.first { $0.hasPrefix("hive/stg/") }))
            try s3.putObject(bucket: bucket, key: "\(facts)/traffic_date=2024-03-11/part-00000.parquet", body: readings)
            let otherTable = #expect(throws: ServingError.self) { try serving.run() }
            try s3.deleteObject(bucket: bucket, key: "\(facts)/traffic_date=2024-03-11/part-00000.parquet")

            try s3.putObject(bucket: bucket, key: "\(facts)/traffic_date=2024-03-04/part-00001.parquet", body: firstDay)
            let twice = #expect(throws: ServingError.self) { try serving.run() }

            #expect(unpartitioned?.kind == .badPartition)
            #expect(unpartitioned?.message == "s3://curated/\(facts)/part-00000.parquet has no traffic_date=YYYY-MM-DD partition in its key")
            #expect(otherTable?.kind == .unexpectedSchema)
            #expect(otherTable?.message.hasPrefix("s3://curated/\(facts)/traffic_date=2024-03-11/part-00000.parquet has no column readings") == true)
            #expect(twice?.kind == .badData)
            #expect(twice?.message == "key (2024-03-04, S001, 'BERLIN') is given more than once, in s3://curated/\(facts)/traffic_date=2024-03-04/part-00000.parquet and s3://curated/\(facts)/traffic_date=2024-03-04/part-00001.parquet")
            let postgres = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let rows = try postgres.query("SELECT (SELECT count(*) FROM curated.fct_traffic_daily) + (SELECT count(*) FROM curated.dim_sensor) AS n")
            #expect(try rows[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test func aMissingCuratedPrefixIsAClearError() async throws {
        try await BootstrappedStack.run { stack in
            let error = #expect(throws: ServingError.self) { try TrafficServing(config: stack.config).run() }

            #expect(error?.kind == .noCuratedData)
            #expect(
                error?.description
                    == "serve: no Parquet objects under s3://curated/hive/curated/fct_traffic_daily/: run `sluice curate traffic` first")
            let postgres = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let rows = try postgres.query("SELECT (SELECT count(*) FROM curated.fct_traffic_daily) + (SELECT count(*) FROM curated.dim_sensor) AS n")
            #expect(try rows[0].decode("n", as: Int.self) == 0)
        }
    }
}
