import Foundation

/// Writes a synthetic sales orders CSV of about `bytes` bytes for `bench etl`: 50,000 customers, 500
/// products, dates across 2026, and one row in 100 with a quantity of 0 (quarantined by the schema).
struct SalesOrdersCSVGenerator {
    static let header =
        "order_id,order_date,customer_id,customer_name,email,phone,street_address,city,country,product_id,product_name,category,channel,quantity,unit_price,unit_cost\n"
    private static let cities = [("Lisbon", "PT"), ("Porto", "PT"), ("Madrid", "ES"), ("Paris", "FR"), ("Berlin", "DE"), ("Dublin", "IE")]
    private static let categories = ["Clothing", "Electronics", "Furniture", "Grocery", "Office Supplies"]
    private static let channels = ["online", "phone", "store"]

    /// Writes the file and returns the number of data rows.
    static func write(to path: String, bytes: Int64) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw GeneratorError(path: path)
        }
        defer { try? handle.close() }
        var buffer = Array(header.utf8)
        var written = Int64(0)
        var rows = 0
        while written + Int64(buffer.count) < bytes {
            let n = rows
            let customer = n % 50_000, product = n % 500
            let (city, country) = cities[customer % cities.count]
            let quantity = n % 100 == 99 ? 0 : 1 + n % 7
            let price = 5 + product % 200, cost = 2 + product % 150
            let day = 1 + n % 28, month = 1 + (n / 28) % 12
            let line = "SO-\(String(format: "%08d", n)),2026-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),"
                + "C\(customer),Customer \(customer),customer\(customer)@example.com,+351 91 \(1_000_000 + customer),"
                + "\"\(customer) Main Street, Apt \(customer % 40)\",\(city),\(country),P\(product),Product \(product),"
                + "\(categories[product % categories.count]),\(channels[n % 3]),\(quantity),\(price).99,\(cost).49\n"
            buffer.append(contentsOf: line.utf8)
            rows += 1
            if buffer.count >= 1 << 20 {
                try handle.write(contentsOf: buffer)
                written += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        return rows
    }

    struct GeneratorError: Error, CustomStringConvertible {
        let path: String
        var description: String { "cannot create \(path)" }
    }
}
