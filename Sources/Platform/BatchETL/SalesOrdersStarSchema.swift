/// The sales orders star schema in PostgreSQL (`curated.dim_customer`, `dim_product`, `dim_date`,
/// `fact_sales`) and the statements that upsert one staged chunk into it.
///
/// The DDL lives here, not in the bootstrap script, and ``create(on:)`` runs it idempotently at the
/// start of every run: the pipeline owns its tables. Keys are the source's natural keys; personal data
/// arrives masked (`email_sha256`; phone and street address are redacted before staging and not stored).
enum SalesOrdersStarSchema {
    static let ddl = """
        CREATE SCHEMA IF NOT EXISTS curated;
        CREATE TABLE IF NOT EXISTS curated.dim_customer (
            customer_id text PRIMARY KEY,
            customer_name text NOT NULL,
            email_sha256 text NOT NULL,
            city text NOT NULL,
            country text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS curated.dim_product (
            product_id text PRIMARY KEY,
            product_name text NOT NULL,
            category text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS curated.dim_date (
            date_key date PRIMARY KEY,
            year int NOT NULL,
            quarter int NOT NULL,
            month int NOT NULL,
            day int NOT NULL,
            iso_weekday int NOT NULL
        );
        CREATE TABLE IF NOT EXISTS curated.fact_sales (
            order_id text PRIMARY KEY,
            date_key date NOT NULL REFERENCES curated.dim_date,
            customer_id text NOT NULL REFERENCES curated.dim_customer,
            product_id text NOT NULL REFERENCES curated.dim_product,
            channel text NOT NULL,
            quantity int NOT NULL,
            unit_price numeric(14,2) NOT NULL,
            unit_cost numeric(14,2) NOT NULL,
            revenue numeric(18,2) NOT NULL,
            profit numeric(18,2) NOT NULL
        );
        """

    /// The staged columns, in the order of ``stagedLine(row:values:)``'s fields.
    static let stageTable = """
        CREATE TEMP TABLE etl_sales_orders_stage (
            row_number bigint, order_id text, order_date date, customer_id text, customer_name text,
            email_sha256 text, city text, country text, product_id text, product_name text, category text,
            channel text, quantity int, unit_price numeric(14,2), unit_cost numeric(14,2)
        ) ON COMMIT DROP
        """

    static let copy = "COPY etl_sales_orders_stage FROM STDIN WITH (FORMAT csv)"

    /// Dimensions first, then facts. Each takes the last row of a key within the chunk and changes a row
    /// only when a value differs, so a second load of the same data reports (and makes) no change.
    static let upserts: [(table: String, sql: String)] = [
        ("dim_customer", """
            INSERT INTO curated.dim_customer AS d (customer_id, customer_name, email_sha256, city, country)
            SELECT DISTINCT ON (customer_id) customer_id, customer_name, email_sha256, city, country
            FROM etl_sales_orders_stage ORDER BY customer_id, row_number DESC
            ON CONFLICT (customer_id) DO UPDATE SET customer_name = EXCLUDED.customer_name,
                email_sha256 = EXCLUDED.email_sha256, city = EXCLUDED.city, country = EXCLUDED.country
            WHERE (d.customer_name, d.email_sha256, d.city, d.country)
                IS DISTINCT FROM (EXCLUDED.customer_name, EXCLUDED.email_sha256, EXCLUDED.city, EXCLUDED.country)
            """),
        ("dim_product", """
            INSERT INTO curated.dim_product AS d (product_id, product_name, category)
            SELECT DISTINCT ON (product_id) product_id, product_name, category
            FROM etl_sales_orders_stage ORDER BY product_id, row_number DESC
            ON CONFLICT (product_id) DO UPDATE SET product_name = EXCLUDED.product_name, category = EXCLUDED.category
            WHERE (d.product_name, d.category) IS DISTINCT FROM (EXCLUDED.product_name, EXCLUDED.category)
            """),
        ("dim_date", """
            INSERT INTO curated.dim_date (date_key, year, quarter, month, day, iso_weekday)
            SELECT DISTINCT order_date, extract(year FROM order_date), extract(quarter FROM order_date),
                extract(month FROM order_date), extract(day FROM order_date), extract(isodow FROM order_date)
            FROM etl_sales_orders_stage
            ON CONFLICT (date_key) DO NOTHING
            """),
        ("fact_sales", """
            INSERT INTO curated.fact_sales AS f
                (order_id, date_key, customer_id, product_id, channel, quantity, unit_price, unit_cost, revenue, profit)
            SELECT DISTINCT ON (order_id) order_id, order_date, customer_id, product_id, channel, quantity,
                unit_price, unit_cost, quantity * unit_price, quantity * (unit_price - unit_cost)
            FROM etl_sales_orders_stage ORDER BY order_id, row_number DESC
            ON CONFLICT (order_id) DO UPDATE SET date_key = EXCLUDED.date_key, customer_id = EXCLUDED.customer_id,
                product_id = EXCLUDED.product_id, channel = EXCLUDED.channel, quantity = EXCLUDED.quantity,
                unit_price = EXCLUDED.unit_price, unit_cost = EXCLUDED.unit_cost, revenue = EXCLUDED.revenue,
                profit = EXCLUDED.profit
            WHERE (f.date_key, f.customer_id, f.product_id, f.channel, f.quantity, f.unit_price, f.unit_cost)
                IS DISTINCT FROM (EXCLUDED.date_key, EXCLUDED.customer_id, EXCLUDED.product_id, EXCLUDED.channel,
                    EXCLUDED.quantity, EXCLUDED.unit_price, EXCLUDED.unit_cost)
            """),
    ]

    /// The schema positions of the staged fields after `row_number` (phone and street address are not staged).
    static let stagedFields = [
        "order_id", "order_date", "customer_id", "customer_name", "email", "city", "country", "product_id",
        "product_name", "category", "channel", "quantity", "unit_price", "unit_cost",
    ]
}
