import Contracts
import Foundation
import Platform

/// Issue 11's batch ETL: a sales orders CSV in RAW through `sluice etl sales-orders`'s pipeline.
enum PipelineBatchETLChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("sales orders ETL: golden/sales_orders gives its star schema and quarantine, PII masked, rerun changes nothing") { context in
            let golden = GoldenSalesOrders(root: context.goldenRoot)
            let s3 = S3Client(endpoint: context.config.s3)
            let key = "source=etl/golden/sales_orders.csv"
            if try s3.headObject(bucket: context.config.rawBucket, key: key) == nil {
                try s3.upload(file: golden.inputPath, bucket: context.config.rawBucket, key: key)
            }
            let etl = SalesOrdersETL(config: context.config, salt: try PIISalt(GoldenSalesOrders.salt))
            let first = try etl.run(input: "s3://\(context.config.rawBucket)/\(key)")
            let expectedQuarantine = try golden.expected("quarantine")
            guard let uri = first.quarantineURI, first.quarantined == expectedQuarantine.rows.count else {
                throw SmokeFailure("\(first.quarantined) rows quarantined, expected \(expectedQuarantine.rows.count)")
            }
            let quarantine = String(
                decoding: try s3.getObject(bucket: context.config.curatedBucket, key: String(uri.dropFirst("s3://\(context.config.curatedBucket)/".count))),
                as: UTF8.self)
            let findings = expectedQuarantine.differences(from: try GoldenSalesOrders.quarantineTable(quarantine), doubleColumns: [], limit: 3)
            guard findings.isEmpty else { throw SmokeFailure("quarantine: " + findings.joined(separator: "; ")) }
            let connection = try PostgresConnection(connectionString: context.config.postgres.connectionString)
            let differences = try golden.starSchemaDifferences(connection)
            guard differences.isEmpty else { throw SmokeFailure(differences.joined(separator: "; ")) }
            let second = try etl.run(input: "s3://\(context.config.rawBucket)/\(key)")
            guard second.changes == StarSchemaChanges() else { throw SmokeFailure("the rerun changed \(second.changes)") }
            return "run \(first.runID): \(first.good) loaded, \(first.quarantined) quarantined at \(uri), "
                + "equal to golden/sales_orders; rerun changed nothing"
        },
        SmokeCheck("sales orders ETL: the run's JSON notification reaches the webhook") { context in
            try withInput(context) { input, _ in
                let http = CurlHTTPClient()
                let path = "/smoke/etl-\(UUID().uuidString)"
                let stub = #"{"request":{"method":"POST","url":"\#(path)"},"response":{"status":200}}"#
                _ = try http.perform(HTTPRequest(
                    method: "POST", url: "\(context.config.mockAPIURL)/__admin/mappings",
                    headers: [("Content-Type", "application/json")], body: Array(stub.utf8)))
                let report = try SalesOrdersETL(
                    config: context.config, salt: try salt(context), webhookURL: context.config.mockAPIURL + path
                ).run(input: input)
                guard report.webhook == .delivered(status: 200) else { throw SmokeFailure("webhook: \(report.webhook)") }
                let journal = try JSONParser.parse(try http.get("\(context.config.mockAPIURL)/__admin/requests").body)
                let body = journal["requests"]?.arrayValue?.compactMap { $0["request"] }
                    .first { $0["url"]?.stringValue == path }?["body"]?.stringValue
                let payload = try JSONParser.parse(body ?? "")
                guard payload["run_id"]?.stringValue == report.runID, payload["counts"]?["quarantined"] == 1 else {
                    throw SmokeFailure("the journal holds no notification of run \(report.runID): \(body ?? "none")")
                }
                return "POST \(path) with run \(report.runID)"
            }
        },
    ]

    /// The configured salt, else one made for this smoke run (never a constant).
    private static func salt(_ context: SmokeContext) throws -> PIISalt {
        let environment = ProcessInfo.processInfo.environment.merging(context.environment) { current, _ in current }
        if let configured = try? PIISalt.load(environment: environment) { return configured }
        return try PIISalt(UUID().uuidString)
    }

    /// Three orders of a prefix of their own in RAW: two good, the second with a quantity of 0.
    private static func withInput<T>(_ context: SmokeContext, _ body: (String, String) throws -> T) throws -> T {
        let prefix = "SO-\(UInt32.random(in: 100_000_000...999_999_999))"
        let csv = SalesOrdersETL.dataset.schema.names.joined(separator: ",") + "\n"
            + "\(prefix)1,2026-11-20,C9001,Smoke Tester,smoke@example.com,+351 910 000 000,1 Smoke Street,Lisbon,PT,P9001,Smoke Kit,Grocery,online,2,19.90,7.50\n"
            + "\(prefix)2,2026-11-20,C9001,Smoke Tester,smoke@example.com,+351 910 000 000,1 Smoke Street,Lisbon,PT,P9001,Smoke Kit,Grocery,online,0,19.90,7.50\n"
            + "\(prefix)3,2026-11-21,C9001,Smoke Tester,smoke@example.com,,,Lisbon,PT,P9001,Smoke Kit,Grocery,store,1,19.90,7.50\n"
        let key = "source=etl/smoke/\(prefix).csv"
        try S3Client(endpoint: context.config.s3).putObject(bucket: context.config.rawBucket, key: key, body: Array(csv.utf8))
        return try body("s3://\(context.config.rawBucket)/\(key)", prefix)
    }
}
