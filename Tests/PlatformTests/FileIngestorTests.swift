import Contracts
import Foundation
import Platform
import Testing

/// Day 3 on the embedded stack: files land in RAW once, events validate, inbox files move, failures quarantine.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct FileIngestorTests {
    static let header = DatasetSchema.traffic.requiredColumns.joined(separator: ",")
    static let row = "r1,s1,A1,N,seg-1,Lisbon,38.7,-9.1,2026-11-20T08:00:00Z,12,54.5,0.31,low,false,seed"

    @Test func landsGoodFilesAndQuarantinesBrokenOnes() async throws {
        let inbox = try Self.makeInbox()
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        try await BootstrappedStack.run { fixture in
            let good = "\(Self.header)\n\(Self.row)\n\(Self.row.replacingOccurrences(of: "r1", with: "r2"))\n"
            try good.write(toFile: "\(inbox)/a-good.csv", atomically: true, encoding: .utf8)
            try "\(Self.header),weather\n\(Self.row),rain\n".write(toFile: "\(inbox)/b-extra.csv", atomically: true, encoding: .utf8)
            try "\(Self.header)\n\(Self.row)\nr3,s3,too,short\n".write(toFile: "\(inbox)/c-broken.csv", atomically: true, encoding: .utf8)
            try "reading_id,sensor_id\nr1,s1\n".write(toFile: "\(inbox)/d-missing.csv", atomically: true, encoding: .utf8)

            let ingestor = try FileIngestor(config: fixture.config, dataset: .traffic, publisher: fixture.publisher)
            let report = try await ingestor.ingest(inbox: inbox)

            #expect(report.landed.map(\.fileName) == ["a-good.csv", "b-extra.csv"])
            #expect(report.landed.map(\.schemaVersion) == [1, 2])
            #expect(report.quarantined.map(\.fileName) == ["c-broken.csv", "d-missing.csv"])
            #expect(report.quarantined[0].reason == "line 3: 4 fields where the header has 15")
            #expect(report.quarantined[1].reason.contains("missing columns of dataset traffic: road, direction"))

            // RAW holds the bytes unchanged, under the zone path.
            let s3 = S3Client(endpoint: fixture.config.s3)
            let landed = report.landed[0]
            #expect(landed.rawURI.hasPrefix("s3://raw/source=file/dt="))
            let key = String(landed.rawURI.dropFirst("s3://raw/".count))
            #expect(try s3.getObject(bucket: "raw", key: key) == Array(good.utf8))

            // The inbox is empty; processed/ and quarantine/ hold the files, with an error report beside each failure.
            let files = Set(try FileManager.default.contentsOfDirectory(atPath: inbox))
            #expect(files == ["processed", "quarantine"])
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: "\(inbox)/processed")) == ["a-good.csv", "b-extra.csv"])
            let errorReport = try String(contentsOfFile: "\(inbox)/quarantine/c-broken.csv.error.json", encoding: .utf8)
            #expect(errorReport.contains("4 fields where the header has 15"))

            // The events are on ingest.file.v1, valid against their contract, pointing at the RAW objects.
            let events = try await fixture.consume(topic: "ingest.file.v1", count: 2)
            let validator = try fixture.validator(for: "ingest.file.v1")
            #expect(events.allSatisfy { validator.isValid($0) })
            #expect(Set(events.compactMap { $0["data"]?["raw_uri"]?.stringValue }) == Set(report.landed.map(\.rawURI)))

            // The registry saw two successful runs, two failed ones, and two schema versions.
            let postgres = try PostgresConnection(connectionString: fixture.config.postgres.connectionString)
            let runs = try postgres.query("SELECT status, count(*) AS n FROM meta.ingestion_runs GROUP BY status ORDER BY status")
            #expect(try runs.map { "\(try $0.decode("status", as: String.self) ?? ""):\(try $0.decode("n", as: Int.self) ?? 0)" } == ["failed:2", "succeeded:2"])
            let failures = try postgres.query("SELECT error_kind FROM meta.ingestion_failures ORDER BY error_kind")
            #expect(try failures.map { try $0.decode("error_kind", as: String.self) } == ["malformed_csv", "schema_mismatch"])
        }
    }

    @Test func aDamagedParquetFileIsQuarantinedAndAParquetFileWithoutTheDeclaredColumnsToo() async throws {
        let inbox = try Self.makeInbox()
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        try await BootstrappedStack.run { fixture in
            let writer = try ParquetFileWriter(path: "\(inbox)/b-other.parquet", schema: ParquetSampleTable.schema)
            try writer.write(ParquetSampleTable(rowCount: 3).batch())
            _ = try writer.close()
            var damaged = Array(try Data(contentsOf: URL(fileURLWithPath: "\(inbox)/b-other.parquet")))
            damaged.removeLast(12)  // the footer's length and magic: no longer a Parquet file
            try Data(damaged).write(to: URL(fileURLWithPath: "\(inbox)/a-cut.parquet"))

            let report = try await FileIngestor(config: fixture.config, dataset: .traffic, publisher: fixture.publisher).ingest(inbox: inbox)

            #expect(report.landed.isEmpty)
            #expect(report.quarantined.map(\.fileName) == ["a-cut.parquet", "b-other.parquet"])
            #expect(report.quarantined[1].reason.contains("missing columns of dataset traffic: reading_id"))
            let postgres = try PostgresConnection(connectionString: fixture.config.postgres.connectionString)
            let failures = try postgres.query("SELECT error_kind FROM meta.ingestion_failures ORDER BY error_kind")
            #expect(try failures.map { try $0.decode("error_kind", as: String.self) } == ["malformed_parquet", "schema_mismatch"])
        }
    }

    @Test func theSameBytesDroppedTwiceLandInRAWOnce() async throws {
        let inbox = try Self.makeInbox()
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        try await BootstrappedStack.run { fixture in
            let ingestor = try FileIngestor(config: fixture.config, dataset: .traffic, publisher: fixture.publisher)

            for _ in 0..<2 {
                try "\(Self.header)\n\(Self.row)\n".write(toFile: "\(inbox)/same.csv", atomically: true, encoding: .utf8)
                let report = try await ingestor.ingest(inbox: inbox)
                #expect(report.landed.count == 1)
            }

            let objects = try S3Client(endpoint: fixture.config.s3).listAllObjects(bucket: "raw", prefix: "source=file/")
            #expect(objects.count == 1)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: "\(inbox)/processed")).count == 2)
        }
    }

    /// A new empty inbox folder.
    static func makeInbox() throws -> String {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        return inbox
    }
}
