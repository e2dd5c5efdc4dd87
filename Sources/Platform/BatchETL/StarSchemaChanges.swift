/// How many rows a run inserted or changed in each table of the star schema; all zero when a rerun
/// found everything as it was.
public struct StarSchemaChanges: Sendable, Equatable {
    /// Rows of `curated.dim_customer` inserted or changed.
    public var customers = 0
    /// Rows of `curated.dim_product` inserted or changed.
    public var products = 0
    /// Rows of `curated.dim_date` inserted.
    public var dates = 0
    /// Rows of `curated.fact_sales` inserted or changed.
    public var facts = 0

    /// Counts per table; all zero by default (no change).
    public init(customers: Int = 0, products: Int = 0, dates: Int = 0, facts: Int = 0) {
        self.customers = customers
        self.products = products
        self.dates = dates
        self.facts = facts
    }

    /// The total over all tables.
    public var total: Int { customers + products + dates + facts }

    mutating func add(_ count: Int, to table: String) {
        switch table {
        case "dim_customer": customers += count
        case "dim_product": products += count
        case "dim_date": dates += count
        default: facts += count
        }
    }
}
