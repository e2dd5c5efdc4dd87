import Foundation
import Platform

/// The canonical CSV form of golden/traffic/README.md, on the Swift side: rows formatted as the golden
/// files hold them, to compare with the golden files as ``CanonicalTable``s.
enum TrafficCanonicalCSV {
    static let goldenDirectory = BootstrappedStack.repositoryRoot.appendingPathComponent("golden/traffic").path

    static func staging(_ rows: [StgTrafficRow]) -> CanonicalTable {
        let header = ["reading_id", "sensor_id", "road", "direction", "road_segment_id", "city", "lat", "lon",
                      "measured_at_utc", "traffic_date", "vehicle_count", "avg_speed_kmh", "occupancy_pct",
                      "congestion_level", "congestion_level_rank", "incident_flag", "source_system"]
        let sorted = rows.sorted { Array($0.readingID.utf8).lexicographicallyPrecedes($1.readingID.utf8) }
        return CanonicalTable(header: header, rows: sorted.map { row in
            [row.readingID, text(row.sensorID), text(row.road), text(row.direction), text(row.roadSegmentID),
             text(row.city), text(row.lat), text(row.lon), timestamp(row.measuredAtMicros), date(row.trafficDate),
             text(row.vehicleCount), text(row.avgSpeedKmh), text(row.occupancyPct), text(row.congestionLevel),
             text(row.congestionLevelRank), text(row.incidentFlag), text(row.sourceSystem)]
        })
    }

    static func daily(_ rows: [FctTrafficDailyRow]) -> CanonicalTable {
        let header = ["sensor_id", "city", "readings", "total_vehicle_count", "avg_vehicle_count", "avg_speed_kmh",
                      "avg_occupancy_pct", "congestion_level_max", "congestion_level_rank_max", "incident_count",
                      "traffic_date"]
        return CanonicalTable(header: header, rows: rows.map { row in
            [row.sensorID, text(row.city), "\(row.readings)", text(row.totalVehicleCount), text(row.avgVehicleCount),
             text(row.avgSpeedKmh), text(row.avgOccupancyPct), text(row.congestionLevelMax),
             text(row.congestionLevelRankMax), "\(row.incidentCount)", date(row.trafficDate)]
        })
    }

    private static func text(_ value: String?) -> String { value ?? "" }
    private static func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    private static func text(_ value: Int64?) -> String { value.map { "\($0)" } ?? "" }
    private static func text(_ value: Int32?) -> String { value.map { "\($0)" } ?? "" }
    private static func text(_ value: Bool?) -> String { value.map { $0 ? "true" : "false" } ?? "" }

    static func date(_ days: Int32?) -> String {
        days.map { UTCTimeText.day(daysSinceEpoch: Int64($0)) } ?? ""
    }

    static func timestamp(_ micros: Int64?) -> String {
        micros.map { UTCTimeText.timestamp(microsecondsSinceEpoch: $0) } ?? ""
    }

}

/// Collects what an engine writes.
final class TrafficRowCollector: TrafficCurationSink {
    var staging: [StgTrafficRow] = []
    var daily: [FctTrafficDailyRow] = []

    func write(staging row: StgTrafficRow) throws { staging.append(row) }
    func write(daily row: FctTrafficDailyRow) throws { daily.append(row) }
}
