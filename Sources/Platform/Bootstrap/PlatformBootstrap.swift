import Foundation

/// `sluice bootstrap`: brings PostgreSQL, object storage and Kafka to the state the platform needs.
///
/// Every step is idempotent, and the report compares what existed before with what exists after, so a
/// second run says that it changed nothing rather than merely not failing.
public struct PlatformBootstrap: Sendable {
    /// The extensions the platform requires.
    public static let requiredExtensions = ["postgis", "pgcrypto", "uuid-ossp"]
    /// Extensions created when the server offers them.
    public static let optionalExtensions = ["vector"]
    /// The schemas of database `poc`.
    public static let schemas = ["raw", "curated", "meta"]

    /// The SQL that brings database `poc` to the platform's state; compose runs the same text at start.
    public static var postgresScript: String { BootstrapSQL.script }

    private let config: PlatformConfig

    /// Creates a bootstrap for the stack `config` describes.
    public init(config: PlatformConfig) {
        self.config = config
    }

    /// Runs every step and reports what it found and did.
    public func run() throws -> BootstrapReport {
        let (postgresItems, unavailable) = try bootstrapPostgres()
        return BootstrapReport(
            items: postgresItems + (try bootstrapBuckets()) + (try bootstrapTopics()),
            unavailableOptionalExtensions: unavailable)
    }

    private func bootstrapPostgres() throws -> ([BootstrapReport.Item], [String]) {
        let connection = try PostgresConnection(connectionString: config.postgres.connectionString)
        let before = try PostgresInventory.read(connection)
        try connection.execute(script: BootstrapSQL.script)
        let after = try PostgresInventory.read(connection)
        let available = try Set(connection.query("SELECT name FROM pg_available_extensions").map { try $0.decode("name", as: String.self) ?? "" })

        let extensions = Self.requiredExtensions + Self.optionalExtensions.filter(available.contains)
        var items = extensions.map { BootstrapReport.Item(system: "postgres", resource: "extension \($0)", created: !before.extensions.contains($0)) }
        items += Self.schemas.map { BootstrapReport.Item(system: "postgres", resource: "schema \($0)", created: !before.schemas.contains($0)) }
        items += after.tables.sorted().map { BootstrapReport.Item(system: "postgres", resource: "table \($0)", created: !before.tables.contains($0)) }
        items += after.views.sorted().map { BootstrapReport.Item(system: "postgres", resource: "view \($0)", created: !before.views.contains($0)) }
        return (items, Self.optionalExtensions.filter { !available.contains($0) })
    }

    private func bootstrapBuckets() throws -> [BootstrapReport.Item] {
        let s3 = S3Client(endpoint: config.s3)
        return try [config.rawBucket, config.curatedBucket].map { bucket in
            let existed = try s3.bucketExists(bucket)
            if !existed { try s3.createBucket(bucket) }
            return BootstrapReport.Item(system: "s3", resource: "bucket \(bucket)", created: !existed)
        }
    }

    private func bootstrapTopics() throws -> [BootstrapReport.Item] {
        let admin = try KafkaAdmin(bootstrapServers: config.kafkaBootstrapServers)
        let outcome = try admin.createTopics(PlatformTopics.all.map { KafkaTopicSpec(name: $0, partitions: $0.hasSuffix(".dlq") ? 1 : 3) })
        return PlatformTopics.all.map { BootstrapReport.Item(system: "kafka", resource: "topic \($0)", created: outcome[$0] == .created) }
    }
}

/// What a PostgreSQL database holds of the things bootstrap manages.
struct PostgresInventory: Equatable {
    let extensions: Set<String>
    let schemas: Set<String>
    /// The tables of schemas `meta` and `curated`, schema-qualified.
    let tables: Set<String>
    /// The views of schemas `meta` and `curated`, schema-qualified.
    let views: Set<String>

    static func read(_ connection: PostgresConnection) throws -> PostgresInventory {
        func names(_ sql: String) throws -> Set<String> {
            try Set(connection.query(sql).map { try $0.decode("name", as: String.self) ?? "" })
        }
        return PostgresInventory(
            extensions: try names("SELECT extname AS name FROM pg_extension"),
            schemas: try names("SELECT nspname AS name FROM pg_namespace"),
            tables: try names(
                """
                SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
                WHERE table_schema IN ('meta', 'curated') AND table_type = 'BASE TABLE'
                """),
            views: try names("SELECT table_schema || '.' || table_name AS name FROM information_schema.views WHERE table_schema IN ('meta', 'curated')"))
    }
}
