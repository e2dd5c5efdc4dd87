/// A dataset the batch ETL knows: its record schema, its PII rules and the star schema it loads.
public struct BatchDataset: Sendable {
    /// The dataset's name, used in quarantine keys and notifications (e.g. `sales_orders`).
    public let name: String
    /// The rules every row is checked against.
    public let schema: RecordSchema
    /// The PII action of each personal field, by column name.
    public let pii: [String: PIIAction]

    /// Declares a dataset.
    public init(name: String, schema: RecordSchema, pii: [String: PIIAction]) {
        self.name = name
        self.schema = schema
        self.pii = pii
    }
}

extension BatchDataset {
    /// Sales order lines: one row per order, a customer, a product, a quantity and its prices.
    public static let salesOrders = BatchDataset(
        name: "sales_orders",
        schema: RecordSchema([
            FieldRule("order_id", .text, pattern: "^SO-[0-9]{6,12}$"),
            FieldRule("order_date", .date),
            FieldRule("customer_id", .text, pattern: "^C[0-9]{1,9}$"),
            FieldRule("customer_name", .text, maxLength: 200),
            FieldRule("email", .text, pattern: "^[^@\\s,]+@[^@\\s,]+\\.[A-Za-z]{2,}$", maxLength: 254),
            FieldRule("phone", .text, required: false, pattern: "^\\+?[0-9 ()-]{6,20}$"),
            FieldRule("street_address", .text, required: false, maxLength: 200),
            FieldRule("city", .text, maxLength: 100),
            FieldRule("country", .text, allowed: ["BE", "DE", "ES", "FR", "GB", "IE", "IT", "NL", "PT", "US"]),
            FieldRule("product_id", .text, pattern: "^P[0-9]{1,9}$"),
            FieldRule("product_name", .text, maxLength: 200),
            FieldRule("category", .text, allowed: ["Clothing", "Electronics", "Furniture", "Grocery", "Office Supplies"]),
            FieldRule("channel", .text, allowed: ["online", "phone", "store"]),
            FieldRule("quantity", .integer, range: 1...10_000),
            FieldRule("unit_price", .decimal, range: 0.01...1_000_000),
            FieldRule("unit_cost", .decimal, range: 0...1_000_000),
        ]),
        pii: ["email": .saltedSHA256, "phone": .redact, "street_address": .redact]
    )
}
