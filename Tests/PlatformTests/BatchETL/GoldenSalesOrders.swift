import Contracts
import Foundation
import Platform

/// golden/sales_orders: the dirty input, the golden salt, and the star schema and quarantine it must give,
/// read back from PostgreSQL and the quarantine object in the same canonical form.
enum GoldenSalesOrders {
    static let folder = BootstrappedStack.repositoryRoot.appendingPathComponent("golden/sales_orders")
    static var inputPath: String { folder.appendingPathComponent("input/sales_orders.csv").path }
    /// The test salt generate.py hashed the emails with (golden/sales_orders/README.md).
    static let salt = "golden-sales-orders-salt"
    /// Records, good ones and quarantined ones, as the README counts them.
    static let rows = 65, good = 39, quarantined = 26

    /// The star schema's tables and the query that reads each in its golden file's form and order.
    static let tables: [(file: String, query: String)] = [
        ("dim_customer", "SELECT customer_id, customer_name, email_sha256, city, country FROM curated.dim_customer ORDER BY customer_id"),
        ("dim_product", "SELECT product_id, product_name, category FROM curated.dim_product ORDER BY product_id"),
        ("dim_date", "SELECT date_key, year, quarter, month, day, iso_weekday FROM curated.dim_date ORDER BY date_key"),
        ("fact_sales", """
            SELECT order_id, date_key, customer_id, product_id, channel, quantity, unit_price, unit_cost, revenue, profit
            FROM curated.fact_sales ORDER BY order_id
            """),
    ]

    static func expected(_ file: String) throws -> CanonicalTable {
        try CanonicalTable(path: folder.appendingPathComponent("expected/\(file).csv").path)
    }

    /// Per table, what PostgreSQL holds that differs from the golden file (empty when equal).
    static func starSchemaDifferences(_ connection: PostgresConnection) throws -> [String] {
        try tables.flatMap { table in
            try expected(table.file).differences(from: CanonicalTable(connection.query(table.query)), doubleColumns: [])
                .map { "\(table.file): \($0)" }
        }
    }

    /// The quarantine object's JSON lines in the form of expected/quarantine.csv.
    static func quarantineTable(_ jsonLines: String) throws -> CanonicalTable {
        let rows = try jsonLines.split(separator: "\n").map { line -> [String] in
            let entry = try JSONParser.parse(String(line))
            let violations = (entry["violations"]?.arrayValue ?? []).map {
                "\($0["field"]?.stringValue ?? ""): \($0["reason"]?.stringValue ?? "")"
            }
            let record = entry["record"]
            return [
                entry["row"].map { JSONSerializer.string($0) } ?? "", entry["line"].map { JSONSerializer.string($0) } ?? "",
                entry["field"]?.stringValue ?? "", entry["reason"]?.stringValue ?? "", violations.joined(separator: " | "),
            ] + ["order_id", "email", "phone", "street_address"].map { record?[$0]?.stringValue ?? "" }
        }
        return CanonicalTable(
            header: ["row", "line", "field", "reason", "violations", "order_id", "email", "phone", "street_address"], rows: rows)
    }

    /// Every non-empty email, phone and street address of the input, as written there.
    static func clearPII() throws -> Set<String> {
        let reader = try CSVStreamReader(path: inputPath)
        _ = try reader.nextRecord()
        var values = Set<String>()
        while try reader.nextRecord() {
            for index in [4, 5, 6] where index < reader.fieldCount && !reader.string(index).isEmpty {
                values.insert(reader.string(index))
            }
        }
        return values
    }
}
