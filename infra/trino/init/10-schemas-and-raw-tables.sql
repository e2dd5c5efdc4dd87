-- Hive schemas of the data zones and the RAW external table dbt reads (sources.yml: raw.traffic_raw).
-- Idempotent: IF NOT EXISTS everywhere.
CREATE SCHEMA IF NOT EXISTS hive.raw_s3 WITH (location = 's3a://${S3_RAW_BUCKET}/hive/raw_s3/');
CREATE SCHEMA IF NOT EXISTS hive.stg_s3 WITH (location = 's3a://${S3_CURATED_BUCKET}/hive/stg/');
CREATE SCHEMA IF NOT EXISTS hive.curated_s3 WITH (location = 's3a://${S3_CURATED_BUCKET}/hive/curated/');

-- The traffic-sensor CSVs exactly as the file ingestor landed them (every column text; typing is STG's job).
-- hive.recursive-directories=true makes the table read every file under source=file/.
CREATE TABLE IF NOT EXISTS hive.raw_s3.traffic_raw (
    reading_id       varchar,
    sensor_id        varchar,
    road             varchar,
    direction        varchar,
    road_segment_id  varchar,
    city             varchar,
    lat              varchar,
    lon              varchar,
    measured_at_utc  varchar,
    vehicle_count    varchar,
    avg_speed_kmh    varchar,
    occupancy_pct    varchar,
    congestion_level varchar,
    incident_flag    varchar,
    source_system    varchar
)
WITH (
    format = 'CSV',
    external_location = 's3a://${S3_RAW_BUCKET}/source=file/',
    skip_header_line_count = 1
);
