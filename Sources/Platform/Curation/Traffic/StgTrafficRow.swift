/// One row of `stg_traffic`, as the STG Parquet files hold it (the columns of stg_traffic.sql, in order).
public struct StgTrafficRow: Sendable, Equatable {
    public var readingID: String
    public var sensorID: String?
    public var road: String?
    public var direction: String?
    public var roadSegmentID: String?
    public var city: String?
    public var lat: Double?
    public var lon: Double?
    /// `measured_at_utc`, microseconds since 1970-01-01 UTC.
    public var measuredAtMicros: Int64?
    /// `traffic_date`, days since 1970-01-01.
    public var trafficDate: Int32?
    public var vehicleCount: Int64?
    public var avgSpeedKmh: Double?
    public var occupancyPct: Double?
    public var congestionLevel: String?
    public var congestionLevelRank: Int32?
    public var incidentFlag: Bool?
    public var sourceSystem: String?

    init(_ row: TrafficStagedRow) {
        readingID = row.string(.readingID)!
        sensorID = row.string(.sensorID)
        road = row.string(.road)
        direction = row.string(.direction)
        roadSegmentID = row.string(.roadSegmentID)
        city = row.string(.city)
        lat = row.lat
        lon = row.lon
        measuredAtMicros = row.measuredAtMicros
        trafficDate = row.trafficDate
        vehicleCount = row.vehicleCount
        avgSpeedKmh = row.speed
        occupancyPct = row.occupancy
        congestionLevel = row.string(.congestionLevel)
        congestionLevelRank = row.congestionRank
        incidentFlag = row.incident
        sourceSystem = row.string(.sourceSystem)
    }
}
