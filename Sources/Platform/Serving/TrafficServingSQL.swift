/// The SQL of ``TrafficServing``: staging tables, checks and the two upserts.
///
/// Staging tables are temporary and dropped at commit, so each run starts empty and two runs at once do
/// not see each other's rows. Upserts compare every value with `IS DISTINCT FROM` (NULL-safe) before
/// they update, so a row served again unchanged is not rewritten, and `RETURNING (xmax = 0)` tells an
/// inserted row (no previous version) from an updated one.
enum TrafficServingSQL {
    /// The curated columns of `fct_traffic_daily` besides the key, as PostgreSQL names them.
    static let factValueColumns = [
        "readings", "total_vehicle_count", "avg_vehicle_count", "avg_speed_kmh", "avg_occupancy_pct",
        "congestion_level_max", "congestion_level_rank_max", "incident_count",
    ]

    static let createStages = """
        CREATE TEMPORARY TABLE serving_fct_stage (
            traffic_date date, source_key text, sensor_id text, city text, readings bigint,
            total_vehicle_count bigint, avg_vehicle_count double precision, avg_speed_kmh double precision,
            avg_occupancy_pct double precision, congestion_level_max text, congestion_level_rank_max integer,
            incident_count bigint
        ) ON COMMIT DROP;
        CREATE TEMPORARY TABLE serving_stg_stage (
            sensor_id text, city text, road text, lat double precision, lon double precision, measured_at_micros bigint
        ) ON COMMIT DROP;
        """

    /// The first key given twice, with the objects it came from.
    static let duplicateFactKey = """
        SELECT traffic_date::text AS traffic_date, sensor_id, city, min(source_key) AS first_key,
            max(source_key) AS last_key, count(*) AS copies
        FROM serving_fct_stage GROUP BY traffic_date, sensor_id, city HAVING count(*) > 1
        ORDER BY traffic_date, sensor_id, city LIMIT 1
        """

    /// The first fact row without a sensor, which the key cannot hold.
    static let factWithoutSensor = "SELECT source_key FROM serving_fct_stage WHERE sensor_id IS NULL LIMIT 1"

    static let upsertFacts: String = {
        let columns = ["traffic_date", "sensor_id", "city"] + factValueColumns
        return """
            WITH upserted AS (
                INSERT INTO curated.fct_traffic_daily AS target (\(columns.joined(separator: ", ")))
                SELECT \(columns.joined(separator: ", ")) FROM serving_fct_stage
                ON CONFLICT (traffic_date, sensor_id, city) DO UPDATE SET
                    \(factValueColumns.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", "))
                WHERE (\(factValueColumns.map { "target.\($0)" }.joined(separator: ", ")))
                    IS DISTINCT FROM (\(factValueColumns.map { "EXCLUDED.\($0)" }.joined(separator: ", ")))
                RETURNING (target.xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
            FROM upserted
            """
    }()

    /// How many sensors the staged STG rows name.
    static let stagedSensors = "SELECT count(DISTINCT sensor_id) AS sensors FROM serving_stg_stage"

    /// One row per sensor of the STG rows, by the rule of the `curated.dim_sensor` DDL: the most frequent
    /// valid (lat, lon), city and road, ties broken by the smallest value (`COLLATE "C"`: code point order,
    /// the same in every database and in the golden script); measured_at_utc comes as microseconds since
    /// the epoch and is converted with integer interval arithmetic, exactly.
    static let upsertSensors = """
        WITH readings AS (
            SELECT sensor_id, count(*) AS readings, min(measured_at_micros) AS first_micros,
                max(measured_at_micros) AS last_micros
            FROM serving_stg_stage WHERE sensor_id IS NOT NULL GROUP BY sensor_id
        ), positions AS (
            SELECT sensor_id, lat, lon,
                row_number() OVER (PARTITION BY sensor_id ORDER BY count(*) DESC, lat, lon) AS choice
            FROM serving_stg_stage WHERE sensor_id IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL
            GROUP BY sensor_id, lat, lon
        ), cities AS (
            SELECT sensor_id, city,
                row_number() OVER (PARTITION BY sensor_id ORDER BY count(*) DESC, city COLLATE "C") AS choice
            FROM serving_stg_stage WHERE sensor_id IS NOT NULL AND city IS NOT NULL GROUP BY sensor_id, city
        ), roads AS (
            SELECT sensor_id, road,
                row_number() OVER (PARTITION BY sensor_id ORDER BY count(*) DESC, road COLLATE "C") AS choice
            FROM serving_stg_stage WHERE sensor_id IS NOT NULL AND road IS NOT NULL GROUP BY sensor_id, road
        ), sensors AS (
            SELECT r.sensor_id, c.city, o.road,
                ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography AS position, r.readings,
                timestamptz '1970-01-01 00:00:00+00' + (r.first_micros / 1000000) * interval '1 second'
                    + (r.first_micros % 1000000) * interval '1 microsecond' AS first_seen,
                timestamptz '1970-01-01 00:00:00+00' + (r.last_micros / 1000000) * interval '1 second'
                    + (r.last_micros % 1000000) * interval '1 microsecond' AS last_seen
            FROM readings r
            LEFT JOIN positions p ON p.sensor_id = r.sensor_id AND p.choice = 1
            LEFT JOIN cities c ON c.sensor_id = r.sensor_id AND c.choice = 1
            LEFT JOIN roads o ON o.sensor_id = r.sensor_id AND o.choice = 1
        ), upserted AS (
            INSERT INTO curated.dim_sensor AS target (sensor_id, city, road, position, readings, first_seen, last_seen)
            SELECT sensor_id, city, road, position, readings, first_seen, last_seen FROM sensors
            ON CONFLICT (sensor_id) DO UPDATE SET
                city = EXCLUDED.city, road = EXCLUDED.road, position = EXCLUDED.position,
                readings = EXCLUDED.readings, first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen
            WHERE (target.city, target.road, ST_AsBinary(target.position), target.readings, target.first_seen,
                    target.last_seen)
                IS DISTINCT FROM (EXCLUDED.city, EXCLUDED.road, ST_AsBinary(EXCLUDED.position), EXCLUDED.readings,
                    EXCLUDED.first_seen, EXCLUDED.last_seen)
            RETURNING (target.xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
        FROM upserted
        """
}
