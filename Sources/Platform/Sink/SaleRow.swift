import Contracts

/// One `retail.sale.v1` event as a row of `raw.sales_raw`, with where it sat in the log.
struct SaleRow: Sendable {
    let eventID: String
    let storeID: Int64
    let sku: String
    let qty: Int64
    let ts: Int64
    /// The price exactly as the event spelled it (PostgreSQL `numeric` takes JSON's number syntax).
    let price: String
    let partition: Int32
    let offset: Int64

    /// The row of `envelope`, which must already satisfy the contract; nil when a field is missing or of
    /// the wrong type (which a valid event cannot have).
    init?(envelope: JSONValue, partition: Int32, offset: Int64) {
        guard let data = envelope["data"], let eventID = data["event_id"]?.stringValue, let sku = data["sku"]?.stringValue,
            case .number(let storeID)? = data["store_id"], let store = storeID.int64Value,
            case .number(let qty)? = data["qty"], let units = qty.int64Value,
            case .number(let ts)? = data["ts"], let milliseconds = ts.int64Value,
            case .number(let price)? = data["price"]
        else { return nil }
        self.eventID = eventID
        self.storeID = store
        self.sku = sku
        self.qty = units
        self.ts = milliseconds
        self.price = price.description
        self.partition = partition
        self.offset = offset
    }

    /// The row as one line of COPY's text format, in the column order of ``SalesBatchWriter/stageColumns``.
    ///
    /// No escaping is needed: the contract limits `event_id` and `sku` to characters COPY takes literally
    /// (hex digits, dashes, `A–Z`, `0–9`), and the rest are numbers. Built by plain interpolation: a
    /// formatter per row costs more than the rest of the line.
    var copyLine: String {
        "\(eventID)\t\(storeID)\t\(sku)\t\(qty)\t\(ts)\t\(price)\t\(partition)\t\(offset)"
    }
}
