import Contracts
import Platform

/// Day 6: the golden traffic input curated to STG and CURATED (by `sluice curate` embedded, by dbt on Trino
/// in compose) equal to the golden files, then served into PostgreSQL + PostGIS with the golden answers.
enum DaySixChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("golden traffic CSV curated to STG and CURATED Parquet equal to golden/traffic/expected") { context in
            let golden = try GoldenTraffic(root: context.goldenRoot)
            let (staging, daily) = try await curatedTables(context, golden)
            let findings = golden.staging.differences(from: staging, limit: 3)
                + golden.daily.differences(from: daily, limit: 3)
            guard findings.isEmpty else { throw SmokeFailure(findings.joined(separator: "; ")) }
            return "\(staging.rows.count) STG and \(daily.rows.count) CURATED rows equal the golden files"
                + (context.target == .compose ? " (Trino: hive.stg_s3, hive.curated_s3)" : " (Parquet in s3://\(context.config.curatedBucket)/hive/)")
        },
        SmokeCheck("curated traffic served into PostgreSQL equals the golden table; serving twice changes nothing") { context in
            let golden = try GoldenTraffic(root: context.goldenRoot)
            try await requireTrinoInCompose(context)
            _ = try await golden.landAndCurate(context)
            let serving = TrafficServing(config: context.config)
            let first = try serving.run()
            let second = try serving.run()
            guard second.changedRows == 0 else { throw SmokeFailure("the second serve changed \(second.changedRows) rows") }
            let served = try golden.own(daily: try servedDaily(context, header: golden.daily.header))
            let findings = golden.daily.differences(from: served, limit: 3)
            guard findings.isEmpty else { throw SmokeFailure("curated.fct_traffic_daily: " + findings.joined(separator: "; ")) }
            return "\(served.rows.count) rows equal the golden table; first serve changed \(first.changedRows), second 0"
        },
        SmokeCheck("PostGIS: the sensors within 5 km of central Berlin are the golden answer") { context in
            let golden = try GoldenTraffic(root: context.goldenRoot)
            try await requireTrinoInCompose(context)
            _ = try await golden.landAndCurate(context)
            _ = try TrafficServing(config: context.config).run()
            let near = try nearSensors(context)
            let expected = golden.nearSensors
            // The golden distances are on a sphere, PostGIS's on the spheroid: the same sensors (none is within
            // 50 m of the circle), metres within 0.5 %.
            guard expected.rows.map({ $0.dropLast() }) == near.rows.map({ $0.dropLast() }) else {
                throw SmokeFailure("sensors \(try near.values("sensor_id")), expected \(try expected.values("sensor_id"))")
            }
            for (want, got) in zip(expected.rows, near.rows) {
                let (sphere, spheroid) = (Double(want.last!) ?? 0, Double(got.last!) ?? 0)
                guard abs(sphere - spheroid) <= sphere * 0.005 + 1 else {
                    throw SmokeFailure("\(got[0]) at \(got.last!) m, expected about \(want.last!) m")
                }
            }
            return try near.values("sensor_id").joined(separator: ", ")
        },
    ]

    /// STG and CURATED as the target computes them, restricted to the golden rows.
    private static func curatedTables(_ context: SmokeContext, _ golden: GoldenTraffic) async throws -> (CanonicalTable, CanonicalTable) {
        switch context.target {
        case .embedded:
            _ = try await golden.landAndCurate(context)
            let s3 = S3Client(endpoint: context.config.s3)
            let bucket = context.config.curatedBucket
            return (
                try golden.own(staging: try CuratedParquetTable.read(
                    s3: s3, bucket: bucket, prefix: TrafficCuration.stagingPrefix, header: golden.staging.header)),
                try golden.own(daily: try CuratedParquetTable.read(
                    s3: s3, bucket: bucket, prefix: TrafficCuration.dailyPrefix, header: golden.daily.header))
            )
        case .compose:
            let trino = try trinoClient(context)
            _ = try await golden.land(context)
            return (
                try golden.own(staging: try trino.table("hive.stg_s3.stg_traffic", header: golden.staging.header)),
                try golden.own(daily: try trino.table(
                    "hive.curated_s3.fct_traffic_daily", header: golden.daily.header,
                    missing: "run `docker compose --profile transform run --rm dbt build` once the golden input is in RAW"))
            )
        }
    }

    /// The compose stack's Trino, from `TRINO_URL` and `TRINO_USER`; without Trino day 6 cannot run there.
    private static func trinoClient(_ context: SmokeContext) throws -> TrinoStatementClient {
        guard let url = context.environment["TRINO_URL"], !url.isEmpty else {
            throw SmokeSkip(reason: "needs Trino: TRINO_URL is not in the .env")
        }
        return TrinoStatementClient(baseURL: url, user: context.environment["TRINO_USER"] ?? "sluice")
    }

    /// In compose, serving reads what dbt on Trino curated; a compose stack without Trino cannot serve day 6.
    private static func requireTrinoInCompose(_ context: SmokeContext) async throws {
        if context.target == .compose { _ = try trinoClient(context) }
    }

    private static func servedDaily(_ context: SmokeContext, header: [String]) throws -> CanonicalTable {
        let postgres = try PostgresConnection(connectionString: context.config.postgres.connectionString)
        let rows = try postgres.query("SELECT \(header.map { "\($0)::text AS \($0)" }.joined(separator: ", ")) FROM curated.fct_traffic_daily")
        return CanonicalTable(header: header, rows: try rows.map { row in try header.map { try row.text($0) ?? "" } })
    }

    private static func nearSensors(_ context: SmokeContext) throws -> CanonicalTable {
        let postgres = try PostgresConnection(connectionString: context.config.postgres.connectionString)
        let header = ["sensor_id", "city", "road", "lat", "lon", "distance_m"]
        let rows = try postgres.query(
            """
            SELECT sensor_id, city, road, ST_Y(position::geometry)::text AS lat, ST_X(position::geometry)::text AS lon,
                round(ST_Distance(position, ST_MakePoint($1, $2)::geography))::text AS distance_m
            FROM curated.dim_sensor
            WHERE ST_DWithin(position, ST_MakePoint($1, $2)::geography, $3)
            ORDER BY ST_Distance(position, ST_MakePoint($1, $2)::geography), sensor_id
            """, [GoldenTraffic.point.lon, GoldenTraffic.point.lat, "\(GoldenTraffic.radiusMetres)"])
        return CanonicalTable(header: header, rows: try rows.map { row in try header.map { try row.text($0) ?? "" } })
    }
}
