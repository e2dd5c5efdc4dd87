-- CURATED: one row per traffic_date, sensor_id and city.
-- congestion_level_max is the level with the highest rank (max_by), not the alphabetical max.
-- Parquet, partitioned by traffic_date (last column, as Trino's Hive connector requires), written
-- straight to s3://curated/hive/curated/fct_traffic_daily/ (on_table_exists='drop': no rename).
{{ config(
    materialized='table',
    schema='curated_s3',
    on_table_exists='drop',
    properties={
        "format": "'PARQUET'",
        "partitioned_by": "ARRAY['traffic_date']"
    }
) }}

select
    sensor_id,
    city,
    count(*)                                          as readings,
    cast(sum(vehicle_count) as bigint)                as total_vehicle_count,
    avg(cast(vehicle_count as double))                as avg_vehicle_count,
    avg(avg_speed_kmh)                                as avg_speed_kmh,
    avg(occupancy_pct)                                as avg_occupancy_pct,
    max_by(congestion_level, congestion_level_rank)   as congestion_level_max,
    max(congestion_level_rank)                        as congestion_level_rank_max,
    cast(sum(case when incident_flag then 1 else 0 end) as bigint) as incident_count,
    traffic_date
from {{ ref('stg_traffic') }}
where traffic_date is not null
  and sensor_id is not null
group by traffic_date, sensor_id, city
