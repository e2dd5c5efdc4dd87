/// Where ``TrafficCurationEngine`` puts the curated rows: the STG rows in no particular order, then the
/// CURATED rows sorted by traffic_date, sensor_id, city.
public protocol TrafficCurationSink: AnyObject {
    /// One deduplicated `stg_traffic` row.
    func write(staging row: StgTrafficRow) throws
    /// One `fct_traffic_daily` row, after every STG row.
    func write(daily row: FctTrafficDailyRow) throws
}
