-- STG: every RAW column typed with try-cast semantics (what does not parse is NULL, never a failure),
-- categories upper-cased and trimmed, one row per reading_id.
-- Portable between Trino and DuckDB (scripts/checks/infra-compose runs it on DuckDB):
-- only try_cast, trim, upper, replace, substr, strpos, length, CASE and row_number are used.
{{ config(materialized='view', schema='stg_s3') }}

with source as (

    select * from {{ source('raw', 'traffic_raw') }}

),

cleaned as (

    select
        nullif(trim(reading_id), '')            as reading_id,
        nullif(trim(sensor_id), '')             as sensor_id,
        nullif(upper(trim(road)), '')           as road,
        nullif(upper(trim(direction)), '')      as direction,
        nullif(trim(road_segment_id), '')       as road_segment_id,
        nullif(upper(trim(city)), '')           as city,
        try_cast(trim(lat) as double)           as lat_value,
        try_cast(trim(lon) as double)           as lon_value,
        trim(measured_at_utc)                   as measured_at_text,
        try_cast(trim(vehicle_count) as double) as vehicle_count_value,
        try_cast(trim(avg_speed_kmh) as double) as avg_speed_value,
        try_cast(trim(occupancy_pct) as double) as occupancy_value,
        nullif(upper(trim(congestion_level)), '') as congestion_level,
        upper(trim(incident_flag))              as incident_flag_text,
        nullif(upper(trim(source_system)), '')  as source_system
    from source

),

typed as (

    select
        reading_id,
        sensor_id,
        road,
        direction,
        road_segment_id,
        city,
        -- out-of-range coordinates are NULL (NaN and infinities fail the range too)
        case when lat_value between -90 and 90 then lat_value end    as lat,
        case when lon_value between -180 and 180 then lon_value end  as lon,
        -- UTC only: 'YYYY-MM-DD HH:MM:SS[.ffffff]', 'T' or space between date and time,
        -- an optional trailing 'Z'; anything else (offsets, dates without time) is NULL
        case
            when length(measured_at_text) between 19 and 27
             and substr(measured_at_text, 11, 1) in ('T', ' ')
             and strpos(substr(measured_at_text, 12), '+') = 0
             and strpos(substr(measured_at_text, 12), '-') = 0
            then try_cast(replace(replace(measured_at_text, 'T', ' '), 'Z', '') as timestamp)
        end                                                            as measured_at_utc,
        -- counts must be whole numbers ("12" and "12.0" are 12, "12.5" is NULL)
        case
            when vehicle_count_value between -1e15 and 1e15
             and vehicle_count_value = floor(vehicle_count_value)
            then cast(vehicle_count_value as bigint)
        end                                                            as vehicle_count,
        case when avg_speed_value between -1e300 and 1e300 then avg_speed_value end as avg_speed_kmh,
        case when occupancy_value between -1e300 and 1e300 then occupancy_value end as occupancy_pct,
        congestion_level,
        case congestion_level
            when 'LOW' then 1
            when 'MEDIUM' then 2
            when 'HIGH' then 3
        end                                                            as congestion_level_rank,
        case
            when incident_flag_text in ('TRUE', 'T', '1', 'YES', 'Y') then true
            when incident_flag_text in ('FALSE', 'F', '0', 'NO', 'N') then false
        end                                                            as incident_flag,
        source_system
    from cleaned

),

ranked as (

    -- Duplicates by reading_id: keep the earliest valid measured_at_utc; ties are broken by the
    -- remaining columns in order, so the choice is the same in every engine. Rows without a
    -- reading_id are dropped (they cannot be deduplicated).
    select
        typed.*,
        row_number() over (
            partition by reading_id
            order by
                measured_at_utc asc nulls last,
                sensor_id asc nulls last,
                vehicle_count asc nulls last,
                avg_speed_kmh asc nulls last,
                occupancy_pct asc nulls last,
                congestion_level_rank asc nulls last,
                city asc nulls last,
                road asc nulls last,
                direction asc nulls last,
                road_segment_id asc nulls last,
                lat asc nulls last,
                lon asc nulls last,
                source_system asc nulls last
        ) as duplicate_rank
    from typed
    where reading_id is not null

)

select
    reading_id,
    sensor_id,
    road,
    direction,
    road_segment_id,
    city,
    lat,
    lon,
    measured_at_utc,
    cast(measured_at_utc as date) as traffic_date,
    vehicle_count,
    avg_speed_kmh,
    occupancy_pct,
    congestion_level,
    congestion_level_rank,
    incident_flag,
    source_system
from ranked
where duplicate_rank = 1
