import Contracts
import Foundation
import Platform
import Testing

/// The sales orders batch ETL on the embedded stack: validation with quarantine, PII masking, the star
/// schema's upserts and profit, idempotent reruns and the webhook notification.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SalesOrdersETLTests {
    static let salt = "test-salt-7f3a"
    static let header =
        "order_id,order_date,customer_id,customer_name,email,phone,street_address,city,country,product_id,product_name,category,channel,quantity,unit_price,unit_cost"
    /// Rows 1, 2, 4 and 6 are good; 3 has a quantity of 0, 5 a malformed email, 7 no order date.
    static let csv = header + "\n" + [
        "SO-000001,2026-03-01,C1,Alice Martins,alice.martins@example.com,+351 912 345 678,\"12 Rua Augusta, 3º\",Lisbon,PT,P10,Desk Lamp,Furniture,online,2,19.90,7.50",
        "SO-000002,2026-03-01,C2,Bruno Costa,bruno@example.com,+351 913 000 111,5 Avenida da Liberdade,Lisbon,PT,P20,USB Hub,Electronics,store,1,25.00,10.00",
        "SO-000003,2026-03-02,C1,Alice Martins,alice.martins@example.com,+351 912 345 678,\"12 Rua Augusta, 3º\",Lisbon,PT,P20,USB Hub,Electronics,online,0,25.00,10.00",
        "SO-000004,2026-03-02,C1,Alice Martins,alice.martins@example.com,+351 912 345 678,\"12 Rua Augusta, 3º\",Lisbon,PT,P20,USB Hub,Electronics,phone,3,25.00,10.00",
        "SO-000005,2026-03-03,C3,Carla Dias,carla.dias-at-example.com,+351 914 222 333,9 Rua do Ouro,Porto,PT,P10,Desk Lamp,Furniture,online,1,19.90,7.50",
        "SO-000006,2026-03-03,C2,Bruno Costa,bruno@example.com,+351 913 000 111,5 Avenida da Liberdade,Lisbon,PT,P10,Desk Lamp,Furniture,store,4,19.90,7.50",
        "SO-000007,,C2,Bruno Costa,bruno@example.com,+351 913 000 111,5 Avenida da Liberdade,Lisbon,PT,P10,Desk Lamp,Furniture,store,1,19.90,7.50",
    ].joined(separator: "\n") + "\n"
    /// Personal values that must never appear downstream in the clear.
    static let clearPII = ["alice.martins@example.com", "carla.dias-at-example.com", "912 345 678", "Rua Augusta", "Rua do Ouro"]

    @Test func goodRowsLoadTheStarSchemaBadRowsGoToQuarantineAndARerunChangesNothing() async throws {
        try await BootstrappedStack.run { stack in
            let s3 = S3Client(endpoint: stack.config.s3)
            try s3.putObject(bucket: stack.config.rawBucket, key: "source=etl/sales_orders.csv", body: Array(Self.csv.utf8))
            let etl = SalesOrdersETL(config: stack.config, salt: try PIISalt(Self.salt), chunkRows: 2)
            let input = "s3://\(stack.config.rawBucket)/source=etl/sales_orders.csv"

            let first = try etl.run(input: input)
            #expect(first.rows == 7)
            #expect(first.good == 4)
            #expect(first.quarantined == 3)
            #expect(first.changes == StarSchemaChanges(customers: 2, products: 2, dates: 3, facts: 4))

            // Quarantine: one JSON line per bad row with its row number, field and reason.
            let uri = try #require(first.quarantineURI)
            #expect(uri == "s3://\(stack.config.curatedBucket)/quarantine/sales_orders/\(first.runID)/rows.jsonl")
            let quarantine = try s3.getObject(
                bucket: stack.config.curatedBucket, key: "quarantine/sales_orders/\(first.runID)/rows.jsonl")
            let entries = try String(decoding: quarantine, as: UTF8.self).split(separator: "\n").map { try JSONParser.parse(String($0)) }
            #expect(entries.map { $0["row"] } == [3, 5, 7])
            #expect(entries.map { $0["field"]?.stringValue } == ["quantity", "email", "order_date"])
            #expect(entries.map { $0["reason"]?.stringValue } == [
                "outside 1…10000", "does not match ^[^@\\s,]+@[^@\\s,]+\\.[A-Za-z]{2,}$", "required value is missing",
            ])
            #expect(entries[0]["record"]?["order_id"]?.stringValue == "SO-000003")
            #expect(entries[0]["record"]?["phone"]?.stringValue == PIIMasker.redacted)

            let connection = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let facts = try Self.facts(connection)
            #expect(facts == [
                "SO-000001|2026-03-01|C1|P10|2|39.80|24.80",
                "SO-000002|2026-03-01|C2|P20|1|25.00|15.00",
                "SO-000004|2026-03-02|C1|P20|3|75.00|45.00",
                "SO-000006|2026-03-03|C2|P10|4|79.60|49.60",
            ])
            let customers = try connection.query(
                "SELECT customer_id, email_sha256 = encode(sha256(convert_to($1 || 'alice.martins@example.com', 'UTF8')), 'hex') AS hashed FROM curated.dim_customer ORDER BY customer_id",
                [Self.salt])
            #expect(try customers.map { try $0.text("customer_id") } == ["C1", "C2"])
            #expect(try customers[0].text("hashed") == "t")
            let dates = try connection.query("SELECT date_key::text, year, quarter, month, day, iso_weekday FROM curated.dim_date ORDER BY 1")
            #expect(try dates.map { try $0.text("date_key") } == ["2026-03-01", "2026-03-02", "2026-03-03"])
            #expect(try dates[0].text("iso_weekday") == "7")
            #expect(try dates[0].text("quarter") == "1")

            // The same input again: every upsert finds its row as it was.
            let second = try etl.run(input: input)
            #expect(second.good == 4)
            #expect(second.quarantined == 3)
            #expect(second.changes == StarSchemaChanges())
            #expect(try Self.facts(connection) == facts)
            #expect(try connection.query("SELECT count(*) AS n FROM curated.dim_customer")[0].text("n") == "2")

            // No clear personal value anywhere downstream: not in any table of the star schema, not in quarantine.
            let everything = try connection.query("""
                SELECT string_agg(row_to_json(t)::text, ' ') AS text FROM (
                    SELECT to_jsonb(c) AS r FROM curated.dim_customer c UNION ALL SELECT to_jsonb(p) FROM curated.dim_product p
                    UNION ALL SELECT to_jsonb(d) FROM curated.dim_date d UNION ALL SELECT to_jsonb(f) FROM curated.fact_sales f
                ) t
                """)[0].text("text") ?? ""
            #expect(everything.contains("SO-000001"))
            let quarantineText = String(decoding: quarantine, as: UTF8.self)
            #expect(quarantineText.contains("SO-000005"))
            for value in Self.clearPII {
                #expect(!everything.contains(value), "\(value) is in PostgreSQL in the clear")
                #expect(!quarantineText.contains(value), "\(value) is in quarantine in the clear")
            }
        }
    }

    @Test func theWebhookReceivesTheRunAsJSONAndAFailingOneDoesNotFailTheRun() async throws {
        try await BootstrappedStack.run { stack in
            let http = CurlHTTPClient()
            let stub = #"{"request":{"method":"POST","url":"/hooks/etl"},"response":{"status":204}}"#
            let created = try http.perform(HTTPRequest(
                method: "POST", url: "\(stack.config.mockAPIURL)/__admin/mappings",
                headers: [("Content-Type", "application/json")], body: Array(stub.utf8)))
            #expect(created.status == 201 || created.status == 200)
            let path = NSTemporaryDirectory() + "etl-webhook-\(UUID().uuidString).csv"
            try Self.csv.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }

            let report = try SalesOrdersETL(
                config: stack.config, salt: try PIISalt(Self.salt), webhookURL: "\(stack.config.mockAPIURL)/hooks/etl"
            ).run(input: path)
            #expect(report.webhook == .delivered(status: 204))

            let journal = try JSONParser.parse(try http.get("\(stack.config.mockAPIURL)/__admin/requests").body)
            let hooks = journal["requests"]?.arrayValue?.compactMap { $0["request"] }.filter {
                $0["url"]?.stringValue == "/hooks/etl" && $0["method"]?.stringValue == "POST"
            } ?? []
            #expect(hooks.count == 1)
            let body = try JSONParser.parse(try #require(hooks.first?["body"]?.stringValue))
            #expect(body["run_id"]?.stringValue == report.runID)
            #expect(body["dataset"]?.stringValue == "sales_orders")
            #expect(body["status"]?.stringValue == "succeeded")
            #expect(body["counts"] == ["rows": 7, "good": 4, "quarantined": 3])
            guard case .number = body["duration_ms"] else {
                Issue.record("duration_ms is not a number: \(String(describing: body["duration_ms"]))")
                return
            }

            // A receiver that refuses the POST is reported; the run still loads and succeeds.
            let refused = try SalesOrdersETL(
                config: stack.config, salt: try PIISalt(Self.salt), webhookURL: "\(stack.config.mockAPIURL)/hooks/missing"
            ).run(input: path)
            #expect(refused.good == 4)
            guard case .failed(let reason) = refused.webhook else {
                Issue.record("a refused webhook was reported as \(refused.webhook)")
                return
            }
            #expect(reason.contains("404"))
        }
    }

    @Test func aMissingSaltIsAClearErrorAndTheSaltFileIsRead() throws {
        #expect {
            _ = try PIISalt.load(environment: [:])
        } throws: { error in
            guard let error = error as? BatchETLError else { return false }
            return error.kind == .configuration && error.message.contains("SLUICE_PII_SALT")
        }
        let path = NSTemporaryDirectory() + "salt-\(UUID().uuidString)"
        try "from-a-secret\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try PIISalt.load(environment: ["SLUICE_PII_SALT_FILE": path])
        let direct = try PIISalt("from-a-secret")
        let schema = RecordSchema([FieldRule("email", .text)])
        #expect(PIIMasker(schema: schema, rules: ["email": .saltedSHA256], salt: fromFile).mask(["A@x.io"])
            == PIIMasker(schema: schema, rules: ["email": .saltedSHA256], salt: direct).mask(["a@x.io"]))
        #expect(throws: BatchETLError.self) { _ = try PIISalt.load(environment: ["SLUICE_PII_SALT_FILE": path + ".absent"]) }
    }

    @Test func fieldRulesReportTheBrokenRule() {
        #expect(FieldRule("q", .integer, range: 1...5).check("6") == "outside 1…5")
        #expect(FieldRule("q", .integer).check("1.5") == "not an integer")
        #expect(FieldRule("p", .decimal).check("1e3") == "not a decimal number")
        #expect(FieldRule("d", .date).check("2026-02-29") == "not a calendar date (YYYY-MM-DD)")
        #expect(FieldRule("d", .date).check("2024-02-29") == nil)
        #expect(FieldRule("c", .text, allowed: ["a", "b"]).check("c") == "not one of a, b")
        #expect(FieldRule("o", .text, required: false).check("") == nil)
        #expect(FieldRule("o", .text).check("") == "required value is missing")
        #expect(BatchDataset.salesOrders.schema.violations(["SO-1"]).first == FieldViolation(field: "order_id", reason: "does not match ^SO-[0-9]{6,12}$"))
    }

    private static func facts(_ connection: PostgresConnection) throws -> [String] {
        try connection.query("""
            SELECT concat_ws('|', order_id, date_key, customer_id, product_id, quantity, revenue, profit) AS line
            FROM curated.fact_sales ORDER BY order_id
            """).map { try $0.text("line") ?? "" }
    }
}
