import Foundation
import Platform
import Testing

/// The Swift engine against golden/traffic: the same STG and CURATED answer as the dbt models.
@Suite struct TrafficCurationEngineTests {
    static let input = "\(TrafficCanonicalCSV.goldenDirectory)/input/traffic.csv"

    @Test(arguments: [128 << 20, 4096])
    func goldenInputGivesTheGoldenTables(partitionMemoryBytes: Int) throws {
        let engine = try TrafficCurationEngine(partitionCount: 16, partitionMemoryBytes: partitionMemoryBytes)
        #expect(try engine.add(path: Self.input).get() == 10_281)
        let sink = TrafficRowCollector()
        let counts = try engine.finish(into: sink)

        let stgProblems = try CanonicalTable(path: "\(TrafficCanonicalCSV.goldenDirectory)/expected/stg_traffic.csv")
            .differences(from: TrafficCanonicalCSV.staging(sink.staging))
        #expect(stgProblems.isEmpty, "\(stgProblems.joined(separator: "\n"))")
        let fctProblems = try CanonicalTable(path: "\(TrafficCanonicalCSV.goldenDirectory)/expected/fct_traffic_daily.csv")
            .differences(from: TrafficCanonicalCSV.daily(sink.daily))
        #expect(fctProblems.isEmpty, "\(fctProblems.joined(separator: "\n"))")
        #expect(counts.rowsIn == 10_281)
        #expect(counts.stagingRows == 10_051)
        #expect(counts.dailyRows == 317)
        #expect(counts.rowsWithoutReadingID == 29)
        #expect(counts.duplicateRows == 201)
    }

    @Test func aMalformedFileIsRejectedWholeAndLeavesNoRows() throws {
        let directory = try TemporaryFolder()
        let good = directory.write("good.csv", "\(TrafficCSVSamples.header)\n\(TrafficCSVSamples.row("r1"))\n")
        let ragged = directory.write("ragged.csv", "\(TrafficCSVSamples.header)\n\(TrafficCSVSamples.row("r2"))\nr3,s3,short\n")
        let badHeader = directory.write("header.csv", "reading_id,sensor,road\nr4,s4,A1\n")
        let empty = directory.write("empty.csv", "")
        let unterminated = directory.write("quote.csv", "\(TrafficCSVSamples.header)\n\(TrafficCSVSamples.row("r5"))\nr6,\"open\n")

        let engine = try TrafficCurationEngine()
        #expect(try engine.add(path: good).get() == 1)
        #expect(try engine.add(path: ragged) == .failure(.init(line: 3, reason: "3 fields where the header has 15")))
        #expect(try engine.add(path: badHeader) == .failure(.init(
            line: 1, reason: "the header does not match the traffic columns: missing sensor_id, direction, road_segment_id, "
                + "city, lat, lon, measured_at_utc, vehicle_count, avg_speed_kmh, occupancy_pct, congestion_level, "
                + "incident_flag, source_system")))
        #expect(try engine.add(path: empty) == .failure(.init(line: 0, reason: "the file is empty: no header")))
        #expect(try engine.add(path: unterminated) == .failure(.init(
            line: 3, reason: "a quoted field is not closed before the end of the file")))
        let sink = TrafficRowCollector()
        let counts = try engine.finish(into: sink)
        #expect(sink.staging.map(\.readingID) == ["r1"])
        #expect(counts.rowsIn == 1)
    }

    @Test func aColumnWithEveryValueBrokenIsNullAndTheRestCurated() throws {
        let directory = try TemporaryFolder()
        let rows = (1...3).map { TrafficCSVSamples.row("r\($0)").replacingOccurrences(of: "54.5", with: "fast") }
        let path = directory.write("broken.csv", ([TrafficCSVSamples.header] + rows).joined(separator: "\n"))
        let engine = try TrafficCurationEngine()
        #expect(try engine.add(path: path).get() == 3)
        let sink = TrafficRowCollector()
        _ = try engine.finish(into: sink)
        #expect(sink.staging.count == 3)
        #expect(sink.staging.allSatisfy { $0.avgSpeedKmh == nil && $0.vehicleCount == 12 })
        #expect(sink.daily.count == 1)
        #expect(sink.daily.first?.avgSpeedKmh == nil)
        #expect(sink.daily.first?.readings == 3)
    }

    @Test func byteOrderMarkCRLFAndQuotedNewlinesAreCurated() throws {
        let directory = try TemporaryFolder()
        let text = "\u{FEFF}\(TrafficCSVSamples.header)\r\n\(TrafficCSVSamples.row("r1"))\r\n"
            + TrafficCSVSamples.row("r2").replacingOccurrences(of: ",seed", with: ",\"loop\r\nline, two \"\"x\"\"\"") + "\r\n"
        let path = directory.write("bom.csv", text)
        let engine = try TrafficCurationEngine()
        #expect(try engine.add(path: path).get() == 2)
        let sink = TrafficRowCollector()
        _ = try engine.finish(into: sink)
        let byID = Dictionary(uniqueKeysWithValues: sink.staging.map { ($0.readingID, $0) })
        #expect(byID["r1"]?.sourceSystem == "SEED")
        #expect(byID["r2"]?.sourceSystem == "LOOP\r\nLINE, TWO \"X\"")
        #expect(byID["r1"]?.measuredAtMicros == 1_795_680_000_000_000)
    }
}

/// A one-row-at-a-time traffic CSV for the bad-input tests.
enum TrafficCSVSamples {
    static let header = DatasetSchema.traffic.requiredColumns.joined(separator: ",")

    static func row(_ id: String) -> String {
        "\(id),s1,A1,N,seg-1,Lisbon,38.7,-9.1,2026-11-26T08:00:00Z,12,54.5,0.31,low,false,seed"
    }
}

/// A temp folder removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "sluice-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` as UTF-8 to `name` and returns its path.
    func write(_ name: String, _ text: String) -> String {
        let file = "\(path)/\(name)"
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }
}
