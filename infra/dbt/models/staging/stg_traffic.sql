-- STG: every RAW column typed with try-cast semantics (what does not parse is NULL, never a failure),
-- categories upper-cased and trimmed, one row per reading_id.
-- Portable between Trino and DuckDB (scripts/checks/infra-compose runs it on DuckDB):
-- only try_cast, trim, upper, translate, substr, length, CASE and row_number are used.
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
        -- the timestamp text without one trailing 'Z' (UTC said explicitly)
        case
            when substr(trim(measured_at_utc), length(trim(measured_at_utc)), 1) = 'Z'
            then substr(trim(measured_at_utc), 1, length(trim(measured_at_utc)) - 1)
            else trim(measured_at_utc)
        end                                     as measured_at_text,
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
        -- UTC only: 'YYYY-MM-DD HH:MM:SS' with 'T' or space between date and time, an optional
        -- fraction of 1 to 6 digits and an optional trailing 'Z' (removed above); anything else
        -- (offsets, dates without time, '/' dates, one-digit fields, 24:00:00, 7+ fraction digits)
        -- is NULL. The shape is checked character by character because engines' own parsers are
        -- lenient in different ways (DuckDB takes '2024/03/01 10:00:00' and '24:00:00', Trino not);
        -- try_cast then only decides whether the calendar date exists (no 2024-02-30).
        case
            when (length(measured_at_text) = 19 or length(measured_at_text) between 21 and 26)
             and substr(measured_at_text, 11, 1) in ('T', ' ')
             and translate(substr(measured_at_text, 1, 10) || ' ' || substr(measured_at_text, 12),
                           '0123456789', '0000000000')
                 = substr('0000-00-00 00:00:00.000000', 1, length(measured_at_text))
             and substr(measured_at_text, 1, 4) >= '0001'
             and substr(measured_at_text, 12, 2) <= '23'
             and substr(measured_at_text, 15, 2) <= '59'
             and substr(measured_at_text, 18, 2) <= '59'
            then try_cast(substr(measured_at_text, 1, 10) || ' ' || substr(measured_at_text, 12) as timestamp(6))
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

    -- Duplicates by reading_id: keep the earliest valid measured_at_utc; ties are broken by every
    -- other output column in order (strings by their UTF-8 bytes, false before true), so the choice
    -- is the same in every engine. Rows without a
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
                source_system asc nulls last,
                congestion_level asc nulls last,
                incident_flag asc nulls last
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
