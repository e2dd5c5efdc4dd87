import Foundation
@testable import Platform
import Testing

/// COPY text fields made from Parquet values, loaded by a real PostgreSQL and read back.
@Suite(.timeLimit(.minutes(2)))
struct PostgresCopyTextTests {
    @Test func awkwardValuesSurviveACopyIntoPostgreSQLUnchanged() throws {
        let cluster = try TemporaryPostgresCluster.start()
        defer { try? cluster.stop() }
        let connection = try PostgresConnection(connectionString: cluster.connectionString)
        try connection.execute(script: "CREATE TABLE copied (n int, label text, amount double precision, flag boolean)")
        let values: [(String?, Double?, Bool?)] = [
            ("tab\there", 0.1, true), ("line\nbreak\r\n", 1e-300, false), ("back\\slash \\N", -0.0, nil),
            ("\\N", .nan, true), (nil, .infinity, true), ("ünï ✓", -.infinity, false), ("", nil, nil),
            ("plain", 52.599414, true), ("big", 1.7976931348623157e308, true),
        ]
        let lines = values.enumerated().map { index, value in
            [
                PostgresCopyText.field(.int32(Int32(index))),
                PostgresCopyText.field(value.0.map(ParquetValue.string) ?? .null),
                PostgresCopyText.field(value.1.map(ParquetValue.double) ?? .null),
                PostgresCopyText.field(value.2.map(ParquetValue.boolean) ?? .null),
            ].joined(separator: "\t")
        }

        #expect(try connection.copyIn(sql: "COPY copied FROM STDIN", rows: lines) == values.count)

        let rows = try connection.query("SELECT label, amount::text AS amount, flag FROM copied ORDER BY n")
        #expect(try rows.map { try $0.text("label") } == values.map(\.0))
        let amounts = try rows.map { try $0.text("amount").map { Double($0)! } }
        for (stored, sent) in zip(amounts, values.map(\.1)) {
            #expect(stored?.bitPattern == sent?.bitPattern || (stored?.isNaN == true && sent?.isNaN == true))
        }
        #expect(try rows.map { try $0.decode("flag", as: Bool.self) } == values.map(\.2))
    }
}
