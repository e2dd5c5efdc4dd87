import Contracts
import Foundation
import Platform

/// Issue 11's batch ETL: a sales orders CSV in RAW through `sluice etl sales-orders`'s pipeline.
enum PipelineBatchETLChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("sales orders ETL: good rows in the star schema with profit, bad rows quarantined, email hashed, rerun changes nothing") { context in
            try withInput(context) { input, orderPrefix in
                let etl = SalesOrdersETL(config: context.config, salt: try salt(context))
                let first = try etl.run(input: input)
                guard first.rows == 3, first.good == 2, first.quarantined == 1, let uri = first.quarantineURI else {
                    throw SmokeFailure("expected 3 rows, 2 good, 1 quarantined; got \(first.rows), \(first.good), \(first.quarantined)")
                }
                let key = String(uri.dropFirst("s3://\(context.config.curatedBucket)/".count))
                let quarantine = String(
                    decoding: try S3Client(endpoint: context.config.s3).getObject(bucket: context.config.curatedBucket, key: key),
                    as: UTF8.self)
                let entry = try JSONParser.parse(quarantine.split(separator: "\n").first.map(String.init) ?? "")
                guard entry["row"] == 2, entry["field"]?.stringValue == "quantity" else {
                    throw SmokeFailure("quarantine row is not row 2 / quantity: \(quarantine)")
                }
                let connection = try PostgresConnection(connectionString: context.config.postgres.connectionString)
                let profit = try connection.query(
                    "SELECT sum(profit)::text AS p FROM curated.fact_sales WHERE order_id LIKE $1", ["\(orderPrefix)%"])[0].text("p")
                guard profit == "37.20" else { throw SmokeFailure("profit of the smoke orders is \(profit ?? "NULL"), expected 37.20") }
                let clear = try connection.query(
                    "SELECT count(*) AS n FROM curated.dim_customer c WHERE to_jsonb(c)::text LIKE '%smoke@example.com%'")[0].text("n")
                guard clear == "0", !quarantine.contains("smoke@example.com") else {
                    throw SmokeFailure("the clear email is downstream")
                }
                let second = try etl.run(input: input)
                guard second.changes == StarSchemaChanges() else { throw SmokeFailure("the rerun changed \(second.changes)") }
                return "run \(first.runID): 2 loaded, 1 quarantined at \(uri); rerun changed nothing"
            }
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
