/// One row of `fct_traffic_daily` (the columns of fct_traffic_daily.sql, in order; `trafficDate` is the
/// Hive partition column, so it is not inside the Parquet files).
public struct FctTrafficDailyRow: Sendable, Equatable {
    public var sensorID: String
    public var city: String?
    public var readings: Int64
    public var totalVehicleCount: Int64?
    public var avgVehicleCount: Double?
    public var avgSpeedKmh: Double?
    public var avgOccupancyPct: Double?
    public var congestionLevelMax: String?
    public var congestionLevelRankMax: Int32?
    public var incidentCount: Int64
    /// Days since 1970-01-01.
    public var trafficDate: Int32
}
