import Contracts
import Foundation
import Platform

/// `golden/traffic/`: the dirty RAW input of day 6, the STG and CURATED tables it must give, and the
/// served sensors near a point, with the steps that bring the input through the platform.
struct GoldenTraffic: Sendable {
    /// `stg_traffic` as `expected/stg_traffic.csv` holds it.
    let staging: CanonicalTable
    /// `fct_traffic_daily` as `expected/fct_traffic_daily.csv` holds it.
    let daily: CanonicalTable
    /// The served sensors within ``radiusMetres`` of ``point``, nearest first.
    let nearSensors: CanonicalTable
    /// The input file.
    let inputPath: String

    /// The point of `serving/derive.py` (central Berlin) and the radius around it.
    static let point = (lat: "52.52", lon: "13.40")
    static let radiusMetres = 5_000

    init(root: String) throws {
        let folder = "\(root)/traffic"
        staging = try CanonicalTable(path: "\(folder)/expected/stg_traffic.csv")
        daily = try CanonicalTable(path: "\(folder)/expected/fct_traffic_daily.csv")
        nearSensors = try CanonicalTable(path: "\(folder)/serving/sensors_within_5km.csv")
        inputPath = "\(folder)/input/traffic.csv"
    }

    /// Keeps the rows of `table` that belong to the golden data: other files in RAW (day 3's sample, a
    /// user's own) are curated beside it, so STG rows are matched by reading id and CURATED rows by day.
    func own(staging table: CanonicalTable) throws -> CanonicalTable {
        var own = try table.filtered("reading_id", in: Set(try staging.values("reading_id")))
        own.rows.sort { $0[0].utf8.lexicographicallyPrecedes($1[0].utf8) }
        return own
    }

    /// The CURATED rows of the golden days, in the golden order (day, sensor, city with NULL last).
    func own(daily table: CanonicalTable) throws -> CanonicalTable {
        var own = try table.filtered("traffic_date", in: Set(try daily.values("traffic_date")))
        let (date, sensor, city) = (own.header.count - 1, 0, 1)
        own.rows.sort { a, b in
            if a[date] != b[date] { return a[date] < b[date] }
            if a[sensor] != b[sensor] { return a[sensor].utf8.lexicographicallyPrecedes(b[sensor].utf8) }
            if a[city].isEmpty != b[city].isEmpty { return b[city].isEmpty }
            return a[city].utf8.lexicographicallyPrecedes(b[city].utf8)
        }
        return own
    }

    /// Lands the input in RAW through the file ingestor (the same bytes land on the same key, so a second
    /// run recognises it) and returns its RAW URI.
    func land(_ context: SmokeContext) async throws -> String {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("smoke-golden-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        try FileManager.default.copyItem(atPath: inputPath, toPath: "\(inbox)/golden-traffic.csv")
        let publisher = try EventPublisher(
            contracts: try ContractRepository(root: context.contractsRoot), bootstrapServers: context.config.kafkaBootstrapServers)
        let report = try await FileIngestor(config: context.config, dataset: .traffic, publisher: publisher).ingest(inbox: inbox)
        guard let landed = report.landed.first else {
            throw SmokeFailure("the golden input was quarantined: \(report.quarantined.map(\.reason))")
        }
        return landed.rawURI
    }

    /// Lands the input and runs `sluice curate traffic`'s work; fails when the golden file is quarantined.
    func landAndCurate(_ context: SmokeContext) async throws -> TrafficCurationReport {
        let rawURI = try await land(context)
        let report = try TrafficCuration(config: context.config).run()
        if let refused = report.quarantined.first(where: { $0.rawURI == rawURI }) {
            throw SmokeFailure("curation quarantined the golden input: \(refused.rejection) (report \(refused.reportURI))")
        }
        guard report.curatedFiles.contains(rawURI) else { throw SmokeFailure("curation did not read \(rawURI)") }
        return report
    }
}
