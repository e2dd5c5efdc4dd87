import Contracts
import Foundation
import Platform
import Testing

/// The sales orders batch ETL on the embedded stack: validation with quarantine, PII masking, the star
/// schema's upserts and profit, idempotent reruns and the webhook notification.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SalesOrdersETLTests {
    @Test func theGoldenInputGivesTheGoldenStarSchemaAndQuarantineAndARerunChangesNothing() async throws {
        try await BootstrappedStack.run { stack in
            let s3 = S3Client(endpoint: stack.config.s3)
            try s3.upload(file: GoldenSalesOrders.inputPath, bucket: stack.config.rawBucket, key: "source=etl/golden/sales_orders.csv")
            let etl = SalesOrdersETL(config: stack.config, salt: try PIISalt(GoldenSalesOrders.salt))
            let input = "s3://\(stack.config.rawBucket)/source=etl/golden/sales_orders.csv"

            let first = try etl.run(input: input)
            #expect(first.rows == GoldenSalesOrders.rows)
            #expect(first.good == GoldenSalesOrders.good)
            #expect(first.quarantined == GoldenSalesOrders.quarantined)
            #expect(first.changes == StarSchemaChanges(customers: 8, products: 6, dates: 14, facts: 38))

            // Quarantine: one JSON line per bad row with its row, line, field and reason, PII masked.
            let uri = try #require(first.quarantineURI)
            #expect(uri == "s3://\(stack.config.curatedBucket)/quarantine/sales_orders/\(first.runID)/rows.jsonl")
            let quarantine = String(decoding: try s3.getObject(
                bucket: stack.config.curatedBucket, key: "quarantine/sales_orders/\(first.runID)/rows.jsonl"), as: UTF8.self)
            let expectedQuarantine = try GoldenSalesOrders.expected("quarantine")
            #expect(expectedQuarantine.differences(from: try GoldenSalesOrders.quarantineTable(quarantine), doubleColumns: []) == [])
            #expect(expectedQuarantine.rows.count == GoldenSalesOrders.quarantined)

            // The star schema equals the golden tables: masked emails, last row of a key wins, profit.
            let connection = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            #expect(try GoldenSalesOrders.starSchemaDifferences(connection) == [])

            // The same input again: every upsert finds its row as it was.
            let second = try etl.run(input: input)
            #expect(second.good == GoldenSalesOrders.good && second.quarantined == GoldenSalesOrders.quarantined)
            #expect(second.changes == StarSchemaChanges())
            #expect(try GoldenSalesOrders.starSchemaDifferences(connection) == [])

            // In chunks of 7 rows, later rows of a key land in later chunks and still win: the same tables.
            let chunked = try SalesOrdersETL(config: stack.config, salt: try PIISalt(GoldenSalesOrders.salt), chunkRows: 7)
                .run(input: input)
            #expect(chunked.good == GoldenSalesOrders.good)
            #expect(try GoldenSalesOrders.starSchemaDifferences(connection) == [])

            // No clear personal value anywhere downstream: not in any table of the star schema, not in quarantine.
            let everything = try connection.query("""
                SELECT string_agg(row_to_json(t)::text, ' ') AS text FROM (
                    SELECT to_jsonb(c) AS r FROM curated.dim_customer c UNION ALL SELECT to_jsonb(p) FROM curated.dim_product p
                    UNION ALL SELECT to_jsonb(d) FROM curated.dim_date d UNION ALL SELECT to_jsonb(f) FROM curated.fact_sales f
                ) t
                """)[0].text("text") ?? ""
            #expect(everything.contains("SO-7700000001"))
            let clear = try GoldenSalesOrders.clearPII()
            #expect(clear.count > 10)
            for value in clear {
                #expect(!everything.contains(value), "\(value) is in PostgreSQL in the clear")
                #expect(!quarantine.contains(value), "\(value) is in quarantine in the clear")
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
            let path = GoldenSalesOrders.inputPath

            let report = try SalesOrdersETL(
                config: stack.config, salt: try PIISalt(GoldenSalesOrders.salt), webhookURL: "\(stack.config.mockAPIURL)/hooks/etl"
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
            #expect(body["counts"] == [
                "rows": .number(JSONNumber(GoldenSalesOrders.rows)), "good": .number(JSONNumber(GoldenSalesOrders.good)),
                "quarantined": .number(JSONNumber(GoldenSalesOrders.quarantined)),
            ])
            guard case .number = body["duration_ms"] else {
                Issue.record("duration_ms is not a number: \(String(describing: body["duration_ms"]))")
                return
            }

            // A receiver that refuses the POST is reported; the run still loads and succeeds.
            let refused = try SalesOrdersETL(
                config: stack.config, salt: try PIISalt(GoldenSalesOrders.salt), webhookURL: "\(stack.config.mockAPIURL)/hooks/missing"
            ).run(input: path)
            #expect(refused.good == GoldenSalesOrders.good)
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
}
