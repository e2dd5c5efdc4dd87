import Foundation
import Platform

/// The canonical CSV form of golden/traffic/README.md, on the Swift side: rows formatted as the golden
/// files hold them, read back, and compared (double columns within a relative 1e-9, the rest as text).
enum TrafficCanonicalCSV {
    static let goldenDirectory = BootstrappedStack.repositoryRoot.appendingPathComponent("golden/traffic").path
    static let doubleColumns: Set<String> = ["lat", "lon", "avg_speed_kmh", "occupancy_pct", "avg_vehicle_count", "avg_occupancy_pct"]

    /// The header line and records of a CSV file, through the engine's own reader.
    static func read(_ path: String) throws -> [[String]] {
        let reader = try CSVStreamReader(path: path)
        var records: [[String]] = []
        while try reader.nextRecord() { records.append((0..<reader.fieldCount).map(reader.string)) }
        return records
    }

    static func staging(_ rows: [StgTrafficRow]) -> [[String]] {
        let header = ["reading_id", "sensor_id", "road", "direction", "road_segment_id", "city", "lat", "lon",
                      "measured_at_utc", "traffic_date", "vehicle_count", "avg_speed_kmh", "occupancy_pct",
                      "congestion_level", "congestion_level_rank", "incident_flag", "source_system"]
        let sorted = rows.sorted { Array($0.readingID.utf8).lexicographicallyPrecedes($1.readingID.utf8) }
        return [header] + sorted.map { row in
            [row.readingID, text(row.sensorID), text(row.road), text(row.direction), text(row.roadSegmentID),
             text(row.city), text(row.lat), text(row.lon), timestamp(row.measuredAtMicros), date(row.trafficDate),
             text(row.vehicleCount), text(row.avgSpeedKmh), text(row.occupancyPct), text(row.congestionLevel),
             text(row.congestionLevelRank), text(row.incidentFlag), text(row.sourceSystem)]
        }
    }

    static func daily(_ rows: [FctTrafficDailyRow]) -> [[String]] {
        let header = ["sensor_id", "city", "readings", "total_vehicle_count", "avg_vehicle_count", "avg_speed_kmh",
                      "avg_occupancy_pct", "congestion_level_max", "congestion_level_rank_max", "incident_count",
                      "traffic_date"]
        return [header] + rows.map { row in
            [row.sensorID, text(row.city), "\(row.readings)", text(row.totalVehicleCount), text(row.avgVehicleCount),
             text(row.avgSpeedKmh), text(row.avgOccupancyPct), text(row.congestionLevelMax),
             text(row.congestionLevelRankMax), "\(row.incidentCount)", date(row.trafficDate)]
        }
    }

    /// Where `actual` differs from `expected` (header first), at most `limit` lines.
    static func differences(expected: [[String]], actual: [[String]], limit: Int = 10) -> [String] {
        guard let header = expected.first, actual.first == header else {
            return ["header \(actual.first ?? []) != \(expected.first ?? [])"]
        }
        var problems: [String] = []
        if expected.count != actual.count { problems.append("\(actual.count - 1) rows, expected \(expected.count - 1)") }
        for (number, (want, got)) in zip(expected, actual).enumerated().dropFirst() {
            for (column, (a, b)) in zip(header, zip(want, got)) {
                let equal = a == b || (!a.isEmpty && !b.isEmpty && doubleColumns.contains(column) && close(a, b))
                if !equal {
                    problems.append("line \(number + 1) (\(want[0])) \(column): \(b.debugDescription), expected \(a.debugDescription)")
                    break
                }
            }
            if problems.count >= limit { break }
        }
        return problems
    }

    static func close(_ a: String, _ b: String) -> Bool {
        guard let x = Double(a), let y = Double(b) else { return false }
        return x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
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
