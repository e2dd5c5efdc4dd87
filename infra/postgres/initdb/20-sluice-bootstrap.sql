-- Sluice bootstrap of database poc (the same state `sluice bootstrap` converges to).
-- Idempotent: every statement is IF NOT EXISTS or CREATE OR REPLACE, so running it again changes nothing.
-- Run by the image on the first start of an empty volume (docker-entrypoint-initdb.d, after the
-- image's own 10_postgis.sh) and again on every `up` by the postgres-init job.

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

-- vector is optional: created when the server has it, reported (not required) otherwise.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
  ELSE
    RAISE NOTICE 'extension vector not available: skipped';
  END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS curated;
CREATE SCHEMA IF NOT EXISTS meta;

-- Retail sales stream (retail.sale.v1), written by `sluice sink postgres`: one row per sale, idempotent
-- on event_id, and per store and minute the units and revenue of the rows inserted, kept in the same
-- transaction as the rows.
CREATE TABLE IF NOT EXISTS raw.sales_raw (
    event_id        uuid        PRIMARY KEY,
    store_id        integer     NOT NULL,
    sku             text        NOT NULL,
    qty             integer     NOT NULL,
    ts              timestamptz NOT NULL,
    price           numeric     NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    ingested_at     timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS curated.sales_agg_minute (
    store_id      integer     NOT NULL,
    minute        timestamptz NOT NULL,
    units         bigint      NOT NULL,
    revenue       numeric     NOT NULL,
    PRIMARY KEY (store_id, minute)
);

-- One row per ingestion run (file, http, stream, curation, ...).
CREATE TABLE IF NOT EXISTS meta.ingestion_runs (
    run_id        uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    source        text        NOT NULL CHECK (source IN ('file', 'http', 'stream', 'webhook', 'curation', 'serving')),
    dataset       text        NOT NULL,
    status        text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'partial')),
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    records_in    bigint      NOT NULL DEFAULT 0,
    records_out   bigint      NOT NULL DEFAULT 0,
    bytes_in      bigint      NOT NULL DEFAULT 0,
    raw_uri       text,
    schema_hash   text,
    trace_id      text,
    error         text,
    details       jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS ingestion_runs_dataset_started_idx
    ON meta.ingestion_runs (dataset, started_at DESC);

-- Schema registry per dataset: a new column set is a new version, never a failure.
CREATE TABLE IF NOT EXISTS meta.ingestion_schemas (
    dataset       text        NOT NULL,
    schema_hash   text        NOT NULL,
    version       integer     NOT NULL CHECK (version >= 1),
    columns       jsonb       NOT NULL,
    first_seen    timestamptz NOT NULL DEFAULT now(),
    last_seen     timestamptz NOT NULL DEFAULT now(),
    first_run_id  uuid,
    PRIMARY KEY (dataset, schema_hash),
    UNIQUE (dataset, version)
);

-- Dead letters: the input and the error after the last retry (also in s3://raw/dead-letter/ and <topic>.dlq).
CREATE TABLE IF NOT EXISTS meta.ingestion_failures (
    failure_id    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id        uuid        REFERENCES meta.ingestion_runs (run_id) ON DELETE SET NULL,
    source        text        NOT NULL,
    dataset       text,
    error_kind    text        NOT NULL,
    error         text        NOT NULL,
    attempts      integer     NOT NULL DEFAULT 1,
    input_uri     text,
    dead_letter_uri text,
    topic         text,
    kafka_partition integer,
    kafka_offset  bigint,
    payload       jsonb,
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    replayed_at   timestamptz,
    replay_run_id uuid
);
CREATE INDEX IF NOT EXISTS ingestion_failures_unreplayed_idx
    ON meta.ingestion_failures (occurred_at) WHERE replayed_at IS NULL;

-- Serving (`sluice serve traffic`): the curated daily traffic facts, upserted from the CURATED Parquet
-- of s3://curated/hive/curated/fct_traffic_daily/ (traffic_date comes from the Hive partition key).
-- city may be NULL (readings without a city are grouped together), and a primary key forbids NULL, so
-- the key is a UNIQUE NULLS NOT DISTINCT constraint (PostgreSQL 15): a sensor's NULL-city row of a day
-- is one row, and INSERT ... ON CONFLICT (traffic_date, sensor_id, city) finds it.
CREATE TABLE IF NOT EXISTS curated.fct_traffic_daily (
    traffic_date              date             NOT NULL,
    sensor_id                 text             NOT NULL,
    city                      text,
    readings                  bigint           NOT NULL,
    total_vehicle_count       bigint,
    avg_vehicle_count         double precision,
    avg_speed_kmh             double precision,
    avg_occupancy_pct         double precision,
    congestion_level_max      text,
    congestion_level_rank_max integer,
    incident_count            bigint           NOT NULL,
    CONSTRAINT fct_traffic_daily_key UNIQUE NULLS NOT DISTINCT (traffic_date, sensor_id, city)
);

-- One row per sensor of the STG readings (s3://curated/hive/stg/stg_traffic/), derived by serve:
-- position is the sensor's most frequent valid (lat, lon) pair (ties: smallest lat, then smallest lon),
-- NULL when no reading has both; city and road are the most frequent non-NULL value (ties: smallest);
-- readings counts the sensor's STG rows; first_seen/last_seen are min/max of measured_at_utc.
CREATE TABLE IF NOT EXISTS curated.dim_sensor (
    sensor_id   text                   PRIMARY KEY,
    city        text,
    road        text,
    position    geography(Point, 4326),
    readings    bigint                 NOT NULL,
    first_seen  timestamptz,
    last_seen   timestamptz
);
CREATE INDEX IF NOT EXISTS dim_sensor_position_idx ON curated.dim_sensor USING gist (position);

-- Metadata views (`sluice meta freshness|runs|failures`). CREATE OR REPLACE keeps them idempotent, and a
-- later bootstrap that changes one replaces it.
--
-- Freshness: per source and dataset, the last run that succeeded (NULL when none has) and the last run
-- of any outcome. A 'partial' run (some input quarantined, the rest done) counts as a success.
CREATE OR REPLACE VIEW meta.source_freshness AS
SELECT source,
       dataset,
       max(finished_at) FILTER (WHERE status IN ('succeeded', 'partial'))          AS last_success_at,
       (array_agg(run_id ORDER BY finished_at DESC)
            FILTER (WHERE status IN ('succeeded', 'partial')))[1]                  AS last_success_run_id,
       max(started_at)                                                              AS last_run_at,
       (array_agg(status ORDER BY started_at DESC, run_id))[1]                      AS last_status,
       count(*)                                                                     AS runs,
       count(*) FILTER (WHERE status = 'failed')                                    AS failed_runs
FROM meta.ingestion_runs
GROUP BY source, dataset;

-- Row counts per run: what each run read and wrote, how long it took and how many failures it recorded.
CREATE OR REPLACE VIEW meta.run_row_counts AS
SELECT r.run_id,
       r.source,
       r.dataset,
       r.status,
       r.started_at,
       r.finished_at,
       extract(epoch FROM r.finished_at - r.started_at)::double precision AS seconds,
       r.records_in,
       r.records_out,
       r.bytes_in,
       (SELECT count(*) FROM meta.ingestion_failures f WHERE f.run_id = r.run_id) AS failures,
       r.raw_uri,
       r.trace_id
FROM meta.ingestion_runs r;

-- Failures: every dead letter of meta.ingestion_failures, and every failed or partial run that recorded
-- none (a quarantined curation file, a rolled-back serving run), with the run's error.
CREATE OR REPLACE VIEW meta.recent_failures AS
SELECT f.occurred_at,
       f.source,
       f.dataset,
       f.run_id,
       f.failure_id,
       f.error_kind,
       f.error,
       f.attempts,
       f.input_uri,
       f.dead_letter_uri,
       f.replayed_at
FROM meta.ingestion_failures f
UNION ALL
SELECT coalesce(r.finished_at, r.started_at),
       r.source,
       r.dataset,
       r.run_id,
       NULL::uuid,
       'run_' || r.status,
       coalesce(r.error, ''),
       1,
       r.raw_uri,
       NULL::text,
       NULL::timestamptz
FROM meta.ingestion_runs r
WHERE r.status IN ('failed', 'partial')
  AND NOT EXISTS (SELECT 1 FROM meta.ingestion_failures f WHERE f.run_id = r.run_id);
