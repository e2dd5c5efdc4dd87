import Contracts
import Foundation
import Platform

/// The retail sales stream into PostgreSQL: synthetic sales through Kafka, `sluice sink postgres`'s work,
/// then every sale once in `raw.sales_raw` and the minute aggregate equal to the sales.
enum PipelineSalesChecks {
    /// How many sales the check sends.
    static let count = 500

    static let all: [SmokeCheck] = [
        SmokeCheck("\(count) sales through Kafka land once each in raw.sales_raw; the minute aggregate equals them") { context in
            // A seed and a minute range of this run's own (a random day of 2001), so earlier runs' sales in a
            // long-lived compose database neither collide with these ids nor share their minutes.
            let seed = UInt64.random(in: 1...UInt64.max)
            let start = Int64(978_307_200_000) + Int64.random(in: 0..<365) * 86_400_000
            let sales = SyntheticSales(seed: seed, startMilliseconds: start, spacingMilliseconds: 250, stores: 5)
            let contracts = try ContractRepository(root: context.contractsRoot)
            let publisher = try EventPublisher(contracts: contracts, bootstrapServers: context.config.kafkaBootstrapServers)
            _ = try await SalesProducer(publisher: publisher, sales: sales).produce(count: count)

            let sink = try PostgresSalesSink(
                config: context.config, contracts: contracts, publisher: publisher, group: "smoke-sales-\(UUID().uuidString)",
                options: SalesSinkOptions(idleTimeout: .seconds(5)))
            let status = try await sink.run()

            let postgres = try PostgresConnection(connectionString: context.config.postgres.connectionString)
            let ids = (0..<count).map { sales.sale($0).eventID }
            let landed = try postgres.query(
                "SELECT count(*)::text AS n FROM raw.sales_raw WHERE event_id::text = ANY($1::text[])", ["{\(ids.joined(separator: ","))}"])
            guard try landed[0].text("n") == "\(count)" else {
                throw SmokeFailure("\(try landed[0].text("n") ?? "?") of \(count) sales in raw.sales_raw (sink: \(status.consumed) consumed)")
            }

            var expected: [String: (units: Int, cents: Int)] = [:]
            for index in 0..<count {
                let sale = sales.sale(index)
                let key = "\(sale.storeID)/\(sale.ts / 60_000 * 60_000)"
                expected[key, default: (0, 0)].units += sale.qty
                expected[key, default: (0, 0)].cents += sale.qty * sale.priceCents
            }
            let end = start + Int64(count) * 250
            let rows = try postgres.query(
                """
                SELECT store_id::text AS store, ((extract(epoch FROM minute) * 1000)::bigint)::text AS minute_ms, units::text AS units,
                    (revenue * 100)::bigint::text AS cents
                FROM curated.sales_agg_minute
                WHERE minute >= to_timestamp($1::bigint / 1000.0) AND minute < to_timestamp($2::bigint / 1000.0)
                """, ["\(start)", "\(end)"])
            var served: [String: (units: Int, cents: Int)] = [:]
            for row in rows {
                served["\(try row.text("store") ?? "")/\(try row.text("minute_ms") ?? "")"] =
                    (Int(try row.text("units") ?? "") ?? -1, Int(try row.text("cents") ?? "") ?? -1)
            }
            let wrong = expected.filter { key, totals in served[key].map { $0 != totals } ?? true }
            guard wrong.isEmpty, served.count == expected.count else {
                throw SmokeFailure("\(wrong.count) of \(expected.count) store-minutes differ, \(served.count) served")
            }
            return "\(count) sales once each; \(expected.count) store-minutes equal (sink: \(status.batches) batches)"
        },
    ]
}
