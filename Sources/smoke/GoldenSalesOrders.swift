import Contracts
import Foundation
import Platform

/// golden/sales_orders for smoke: the input, its test salt, and the star schema and quarantine it must give.
struct GoldenSalesOrders {
    /// The test salt generate.py hashed the emails with (golden/sales_orders/README.md).
    static let salt = "golden-sales-orders-salt"
    /// The star schema's tables, each with its key column and the query that reads it in its golden file's form.
    static let tables: [(file: String, key: String, query: String)] = [
        ("dim_customer", "customer_id",
         "SELECT customer_id, customer_name, email_sha256, city, country FROM curated.dim_customer ORDER BY customer_id"),
        ("dim_product", "product_id", "SELECT product_id, product_name, category FROM curated.dim_product ORDER BY product_id"),
        ("dim_date", "date_key", "SELECT date_key, year, quarter, month, day, iso_weekday FROM curated.dim_date ORDER BY date_key"),
        ("fact_sales", "order_id", """
            SELECT order_id, date_key, customer_id, product_id, channel, quantity, unit_price, unit_cost, revenue, profit
            FROM curated.fact_sales ORDER BY order_id
            """),
    ]

    let folder: String

    init(root: String) {
        folder = "\(root)/sales_orders"
    }

    var inputPath: String { "\(folder)/input/sales_orders.csv" }

    func expected(_ file: String) throws -> CanonicalTable {
        try CanonicalTable(path: "\(folder)/expected/\(file).csv")
    }

    /// What PostgreSQL holds of the golden keys that differs from the golden tables (other rows are
    /// ignored: a compose database may hold other orders).
    func starSchemaDifferences(_ connection: PostgresConnection) throws -> [String] {
        try Self.tables.flatMap { table in
            let want = try expected(table.file)
            let got = try CanonicalTable(connection.query(table.query)).filtered(table.key, in: Set(try want.values(table.key)))
            return want.differences(from: got, doubleColumns: [], limit: 3).map { "\(table.file): \($0)" }
        }
    }

    /// The quarantine object's JSON lines in the form of expected/quarantine.csv.
    static func quarantineTable(_ jsonLines: String) throws -> CanonicalTable {
        let rows = try jsonLines.split(separator: "\n").map { line -> [String] in
            let entry = try JSONParser.parse(String(line))
            let violations = (entry["violations"]?.arrayValue ?? []).map {
                "\($0["field"]?.stringValue ?? ""): \($0["reason"]?.stringValue ?? "")"
            }
            return [
                entry["row"].map { JSONSerializer.string($0) } ?? "", entry["line"].map { JSONSerializer.string($0) } ?? "",
                entry["field"]?.stringValue ?? "", entry["reason"]?.stringValue ?? "", violations.joined(separator: " | "),
            ] + ["order_id", "email", "phone", "street_address"].map { entry["record"]?[$0]?.stringValue ?? "" }
        }
        return CanonicalTable(
            header: ["row", "line", "field", "reason", "violations", "order_id", "email", "phone", "street_address"], rows: rows)
    }
}
