import Contracts
import Foundation
import Platform

/// What the sales sink tests share: the sales a seed makes, what the tables must hold for them, and
/// what the tables do hold.
struct SalesFixture {
    let sales: SyntheticSales

    init(seed: UInt64 = 11) {
        // 12:00:00.000 UTC on 2026-11-23, so the minutes are whole and the same on every run.
        sales = SyntheticSales(seed: seed, startMilliseconds: 1_795_953_600_000, spacingMilliseconds: 250, stores: 7)
    }

    /// Per store and minute start (ms): units and revenue in cents, computed here from the generator.
    func expectedAggregate(of indexes: Range<Int>) -> [MinuteKey: Totals] {
        var totals: [MinuteKey: Totals] = [:]
        for index in indexes {
            let sale = sales.sale(index)
            let key = MinuteKey(store: sale.storeID, minuteMilliseconds: sale.ts / 60_000 * 60_000)
            totals[key, default: Totals()].units += sale.qty
            totals[key, default: Totals()].revenueCents += sale.qty * sale.priceCents
        }
        return totals
    }

    /// `curated.sales_agg_minute` as the same dictionary.
    static func aggregate(in connection: PostgresConnection) throws -> [MinuteKey: Totals] {
        var totals: [MinuteKey: Totals] = [:]
        let rows = try connection.query("""
            SELECT store_id, (extract(epoch FROM minute) * 1000)::bigint AS minute_ms, units, revenue::text AS revenue
            FROM curated.sales_agg_minute
            """)
        for row in rows {
            let key = MinuteKey(store: try row.decode("store_id") ?? 0, minuteMilliseconds: Int64(try row.decode("minute_ms", as: Int.self) ?? 0))
            totals[key] = Totals(units: try row.decode("units") ?? 0, revenueCents: cents(try row.text("revenue") ?? "0"))
        }
        return totals
    }

    /// The event ids in `raw.sales_raw`.
    static func eventIDs(in connection: PostgresConnection) throws -> [String] {
        try connection.query("SELECT event_id::text AS id FROM raw.sales_raw").map { try $0.decode("id") ?? "" }
    }

    /// A decimal text with at most two decimals, in hundredths.
    static func cents(_ text: String) -> Int {
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = Int(parts[0]) ?? 0
        let fraction = parts.count > 1 ? String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        return whole * 100 + (Int(fraction) ?? 0)
    }

    struct MinuteKey: Hashable {
        let store: Int
        let minuteMilliseconds: Int64
    }

    struct Totals: Equatable {
        var units = 0
        var revenueCents = 0
    }
}

/// Waits until `condition` holds, checking every 20 ms; false when `timeout` passed first.
func eventually(within timeout: Duration = .seconds(30), _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}
