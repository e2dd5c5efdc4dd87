#if canImport(Glibc)
import Glibc
#endif

/// One typed STG row in the spill's binary form, read in place from a byte buffer.
///
/// The spill holds every typed row once between reading RAW and deduplicating, so the form is compact and
/// needs no allocation to write or read:
///
///     u32 length of the whole row · u16 presence bits (bit set = not NULL)
///     for each present string, in ``StringColumn`` order: u32 length, UTF-8 bytes
///     present lat, lon, avg_speed_kmh, occupancy_pct (f64) · measured_at_utc µs, vehicle_count (i64)
///     · incident_flag (u8)
///
/// Native byte order: a spill never leaves the process that wrote it.
struct TrafficStagedRow {
    /// The string columns, with their presence bit.
    enum StringColumn: Int, CaseIterable {
        case readingID = 0, sensorID, road, direction, roadSegmentID, city, congestionLevel, sourceSystem
    }

    static let latBit: UInt16 = 1 << 8
    static let lonBit: UInt16 = 1 << 9
    static let speedBit: UInt16 = 1 << 10
    static let occupancyBit: UInt16 = 1 << 11
    static let measuredAtBit: UInt16 = 1 << 12
    static let vehicleCountBit: UInt16 = 1 << 13
    static let incidentBit: UInt16 = 1 << 14

    /// The row's first byte.
    let base: UnsafePointer<UInt8>
    /// The row's size in bytes.
    let length: Int
    let presence: UInt16
    private let stringStart: SIMD8<Int32>
    private let stringLength: SIMD8<Int32>
    let lat: Double?
    let lon: Double?
    let speed: Double?
    let occupancy: Double?
    let measuredAtMicros: Int64?
    let vehicleCount: Int64?
    let incident: Bool?

    /// Reads the row starting at `base`.
    init(at base: UnsafePointer<UInt8>) {
        self.base = base
        let raw = UnsafeRawPointer(base)
        length = Int(raw.loadUnaligned(as: UInt32.self))
        let mask = raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self)
        presence = mask
        var offset = 6
        var starts = SIMD8<Int32>.zero
        var lengths = SIMD8<Int32>.zero
        for column in 0..<8 where mask & (1 << column) != 0 {
            let count = Int32(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            starts[column] = Int32(offset + 4)
            lengths[column] = count
            offset += 4 + Int(count)
        }
        stringStart = starts
        stringLength = lengths
        func double(_ bit: UInt16) -> Double? {
            guard mask & bit != 0 else { return nil }
            defer { offset += 8 }
            return raw.loadUnaligned(fromByteOffset: offset, as: Double.self)
        }
        func int64(_ bit: UInt16) -> Int64? {
            guard mask & bit != 0 else { return nil }
            defer { offset += 8 }
            return raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)
        }
        lat = double(Self.latBit)
        lon = double(Self.lonBit)
        speed = double(Self.speedBit)
        occupancy = double(Self.occupancyBit)
        measuredAtMicros = int64(Self.measuredAtBit)
        vehicleCount = int64(Self.vehicleCountBit)
        incident = mask & Self.incidentBit != 0 ? base[offset] != 0 : nil
    }

    /// The bytes of a string column; nil for NULL.
    @inline(__always)
    func bytes(_ column: StringColumn) -> UnsafeBufferPointer<UInt8>? {
        guard presence & (1 << column.rawValue) != 0 else { return nil }
        return UnsafeBufferPointer(start: base + Int(stringStart[column.rawValue]), count: Int(stringLength[column.rawValue]))
    }

    /// A string column as a Swift string; nil for NULL.
    func string(_ column: StringColumn) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `congestion_level_rank`.
    var congestionRank: Int32? {
        bytes(.congestionLevel).flatMap(TrafficFieldParser.congestionRank)
    }

    /// `traffic_date` as days since 1970-01-01.
    var trafficDate: Int32? {
        measuredAtMicros.map { Int32(Self.floorDivide($0, 86_400_000_000)) }
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// True when this row comes before `other` in the dedup order of stg_traffic.sql: measured_at_utc,
    /// sensor_id, vehicle_count, avg_speed_kmh, occupancy_pct, congestion_level_rank, city, road,
    /// direction, road_segment_id, lat, lon, source_system, congestion_level, incident_flag, each
    /// ascending with NULLs last, strings by their UTF-8 bytes.
    func precedes(_ other: TrafficStagedRow) -> Bool {
        var order = Self.compare(measuredAtMicros, other.measuredAtMicros)
        if order == 0 { order = Self.compare(bytes(.sensorID), other.bytes(.sensorID)) }
        if order == 0 { order = Self.compare(vehicleCount, other.vehicleCount) }
        if order == 0 { order = Self.compare(speed, other.speed) }
        if order == 0 { order = Self.compare(occupancy, other.occupancy) }
        if order == 0 { order = Self.compare(congestionRank, other.congestionRank) }
        if order == 0 { order = Self.compare(bytes(.city), other.bytes(.city)) }
        if order == 0 { order = Self.compare(bytes(.road), other.bytes(.road)) }
        if order == 0 { order = Self.compare(bytes(.direction), other.bytes(.direction)) }
        if order == 0 { order = Self.compare(bytes(.roadSegmentID), other.bytes(.roadSegmentID)) }
        if order == 0 { order = Self.compare(lat, other.lat) }
        if order == 0 { order = Self.compare(lon, other.lon) }
        if order == 0 { order = Self.compare(bytes(.sourceSystem), other.bytes(.sourceSystem)) }
        if order == 0 { order = Self.compare(bytes(.congestionLevel), other.bytes(.congestionLevel)) }
        if order == 0 { order = Self.compare(incident.map { $0 ? 1 : 0 }, other.incident.map { $0 ? 1 : 0 }) }
        return order < 0
    }

    private static func compare<T: Comparable>(_ a: T?, _ b: T?) -> Int {
        switch (a, b) {
        case (nil, nil): 0
        case (nil, _): 1
        case (_, nil): -1
        case let (x?, y?): x < y ? -1 : (y < x ? 1 : 0)
        }
    }

    private static func compare(_ a: UnsafeBufferPointer<UInt8>?, _ b: UnsafeBufferPointer<UInt8>?) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (x?, y?):
            let common = min(x.count, y.count)
            if common > 0 {
                let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                if order != 0 { return order < 0 ? -1 : 1 }
            }
            return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
        }
    }
}
