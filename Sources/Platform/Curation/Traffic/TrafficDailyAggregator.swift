/// `fct_traffic_daily`: STG rows with a traffic_date and a sensor_id, grouped by traffic_date,
/// sensor_id and city. Memory is one accumulator per group (days × sensors), not per row.
struct TrafficDailyAggregator {
    private struct Key: Hashable {
        let date: Int32
        let sensor: String
        let city: String?
    }

    private struct Accumulator {
        var readings: Int64 = 0
        var vehicleSum: Int64 = 0
        var vehicleValues: Int64 = 0
        var speedSum = 0.0
        var speedValues: Int64 = 0
        var occupancySum = 0.0
        var occupancyValues: Int64 = 0
        var topRank: Int32?
        var topLevel: String?
        var incidents: Int64 = 0
    }

    private var groups: [Key: Accumulator] = [:]

    /// Adds one STG row.
    mutating func add(_ row: StgTrafficRow) throws(TrafficCurationError) {
        guard let date = row.trafficDate, let sensor = row.sensorID else { return }
        let key = Key(date: date, sensor: sensor, city: row.city)
        if !Self.accumulate(row, into: &groups[key, default: Accumulator()]) {
            throw TrafficCurationError("total_vehicle_count of \(sensor) overflows a 64-bit integer")
        }
    }

    /// Adds `row` to `group`; false when the vehicle sum overflowed.
    private static func accumulate(_ row: StgTrafficRow, into group: inout Accumulator) -> Bool {
        group.readings += 1
        var overflowed = false
        if let count = row.vehicleCount {
            (group.vehicleSum, overflowed) = group.vehicleSum.addingReportingOverflow(count)
            group.vehicleValues += 1
        }
        if let speed = row.avgSpeedKmh {
            group.speedSum += speed
            group.speedValues += 1
        }
        if let occupancy = row.occupancyPct {
            group.occupancySum += occupancy
            group.occupancyValues += 1
        }
        if let rank = row.congestionLevelRank, rank > (group.topRank ?? .min) {
            group.topRank = rank
            group.topLevel = row.congestionLevel
        }
        if row.incidentFlag == true { group.incidents += 1 }
        return !overflowed
    }

    /// The groups as rows, sorted by traffic_date, sensor_id, city (NULL city last).
    func rows() -> [FctTrafficDailyRow] {
        groups.map { key, group in
            FctTrafficDailyRow(
                sensorID: key.sensor, city: key.city, readings: group.readings,
                totalVehicleCount: group.vehicleValues > 0 ? group.vehicleSum : nil,
                avgVehicleCount: group.vehicleValues > 0 ? Double(group.vehicleSum) / Double(group.vehicleValues) : nil,
                avgSpeedKmh: group.speedValues > 0 ? group.speedSum / Double(group.speedValues) : nil,
                avgOccupancyPct: group.occupancyValues > 0 ? group.occupancySum / Double(group.occupancyValues) : nil,
                congestionLevelMax: group.topLevel, congestionLevelRankMax: group.topRank,
                incidentCount: group.incidents, trafficDate: key.date)
        }.sorted { a, b in
            if a.trafficDate != b.trafficDate { return a.trafficDate < b.trafficDate }
            if a.sensorID != b.sensorID { return Array(a.sensorID.utf8).lexicographicallyPrecedes(b.sensorID.utf8) }
            switch (a.city, b.city) {
            case let (x?, y?): return Array(x.utf8).lexicographicallyPrecedes(y.utf8)
            case (_?, nil): return true
            default: return false
            }
        }
    }
}
