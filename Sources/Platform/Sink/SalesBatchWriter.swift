/// Writes batches of sales to PostgreSQL: every row into `raw.sales_raw` once (idempotent on
/// `event_id`), and the units and revenue of the rows actually inserted into `curated.sales_agg_minute`,
/// all in one transaction.
///
/// A batch is COPYed into a temporary staging table (`ON COMMIT DELETE ROWS`, so each transaction
/// starts from an empty one), then moved with `INSERT … ON CONFLICT (event_id) DO NOTHING RETURNING`;
/// only the returned rows feed the aggregate, so a redelivered batch inserts nothing and adds nothing.
/// The writer holds one connection of its own, opened on first use and dropped when it breaks, so the
/// next ``write(_:)`` reconnects.
///
/// `@unchecked Sendable`: the sink hands the writer to the task of the batch being written, and runs
/// one such task at a time (each awaited before the next starts), so the connection is never used
/// from two places at once.
final class SalesBatchWriter: @unchecked Sendable {
    private let connectionString: String
    private var connection: PostgresConnection?

    /// The staging table's columns, in the order of ``SaleRow/copyLine``.
    static let stageColumns = "event_id, store_id, sku, qty, ts_ms, price, kafka_partition, kafka_offset"

    init(connectionString: String) {
        self.connectionString = connectionString
    }

    /// Writes `rows` in one transaction; returns how many were new (the rest were already there).
    func write(_ rows: [SaleRow]) throws -> Int {
        let connection = try connected()
        do {
            return try connection.transaction { connection in
                try connection.copyIn(sql: "COPY sales_stage (\(Self.stageColumns)) FROM STDIN", rows: rows.lazy.map(\.copyLine))
                let result = try connection.query(Self.moveSQL)
                return result.count == 1 ? try result[0].decode("inserted", as: Int.self) ?? 0 : 0
            }
        } catch {
            if !connection.isOpen { self.connection = nil }
            throw error
        }
    }

    /// Drops the connection; the next write opens a new one.
    func disconnect() {
        connection = nil
    }

    private func connected() throws -> PostgresConnection {
        if let connection { return connection }
        let connection = try PostgresConnection(connectionString: connectionString)
        // UTC, so `date_trunc('minute', …)` cuts the same minutes whatever the server's default zone.
        try connection.execute(script: """
            SET TIME ZONE 'UTC';
            CREATE TEMP TABLE IF NOT EXISTS sales_stage (
                event_id uuid, store_id integer, sku text, qty integer, ts_ms bigint, price numeric,
                kafka_partition integer, kafka_offset bigint
            ) ON COMMIT DELETE ROWS;
            """)
        self.connection = connection
        return connection
    }

    /// Moves the staged rows into `raw.sales_raw` and adds the new ones to the per-minute aggregate.
    ///
    /// Aggregate rows are upserted in key order, so two sinks sharing stores lock them in the same order
    /// rather than deadlocking.
    static let moveSQL = """
        WITH inserted AS (
            INSERT INTO raw.sales_raw (event_id, store_id, sku, qty, ts, price, kafka_partition, kafka_offset)
            SELECT event_id, store_id, sku, qty, timestamptz 'epoch' + ts_ms * interval '1 millisecond', price,
                   kafka_partition, kafka_offset
            FROM sales_stage
            ON CONFLICT (event_id) DO NOTHING
            RETURNING store_id, ts, qty, price
        ), aggregated AS (
            INSERT INTO curated.sales_agg_minute AS agg (store_id, minute, units, revenue)
            SELECT store_id, date_trunc('minute', ts), sum(qty), sum(qty * price)
            FROM inserted GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (store_id, minute)
            DO UPDATE SET units = agg.units + excluded.units, revenue = agg.revenue + excluded.revenue
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM inserted) AS inserted
        """
}
