import Contracts
import Emulators
import Foundation
import Platform

/// The embedded stack with its emulators in reach, for fault tests: S3 answers planned errors
/// (``S3Server/faults``), the Kafka broker listens on a fixed port so it can be stopped and started
/// again under its clients, and the mock API serves infra/wiremock plus the stubs a test adds.
/// The platform still reaches every service only through its protocol and ``config``.
struct FaultStack {
    let s3: S3Server
    let kafka: KafkaBroker
    let http: HTTPMockServer
    let config: PlatformConfig
    let contracts: ContractRepository
    let publisher: EventPublisher
    /// A `.env` file with the endpoints, for the `sluice` processes a test starts.
    let envFile: String

    /// Runs `body` against a fresh, bootstrapped stack, stopped when the body returns or throws.
    static func run(_ body: (FaultStack) async throws -> Void) async throws {
        let postgres = try await BlockingWork.run { try TemporaryPostgresCluster.start() }
        var servers: [() async throws -> Void] = [{ try await BlockingWork.run { try postgres.stop() } }]
        let envFile = FileManager.default.temporaryDirectory.appendingPathComponent("fault-stack-\(UUID().uuidString).env").path
        do {
            let s3 = try await S3Server.start(
                store: S3Store(writeOnceBuckets: ["raw"]),
                credentials: S3Credentials(users: [EmbeddedStack.accessKey: EmbeddedStack.secretKey]))
            servers.append { try await s3.shutdown() }
            let kafka = try await RestartablePort.first {
                try await KafkaBroker.start(KafkaBrokerConfiguration(port: $0, defaultPartitions: 3))
            }
            servers.append { try await kafka.shutdown() }
            let http = try await HTTPMockServer.start(rootDirectory: BootstrappedStack.repositoryRoot.appendingPathComponent("infra/wiremock"))
            servers.append { try await http.shutdown() }
            let config = PlatformConfig(
                s3: S3Endpoint(url: s3.endpoint, accessKey: EmbeddedStack.accessKey, secretKey: EmbeddedStack.secretKey),
                rawBucket: "raw", curatedBucket: "curated", kafkaBootstrapServers: kafka.endpoint,
                postgres: PostgresEndpoint(host: "127.0.0.1", port: postgres.port, user: "postgres", password: "", database: postgres.database),
                mockAPIURL: http.baseURL)
            _ = try PlatformBootstrap(config: config).run()
            try [
                "S3_ENDPOINT=\(config.s3.url)", "S3_ACCESS_KEY=\(config.s3.accessKey)", "S3_SECRET_KEY=\(config.s3.secretKey)",
                "S3_REGION=\(config.s3.region)", "S3_RAW_BUCKET=raw", "S3_CURATED_BUCKET=curated",
                "KAFKA_BOOTSTRAP_SERVERS=\(config.kafkaBootstrapServers)", "POSTGRES_HOST=127.0.0.1",
                "POSTGRES_PORT=\(postgres.port)", "POSTGRES_USER=postgres", "POSTGRES_PASSWORD=",
                "POSTGRES_DB=\(postgres.database)", "MOCK_API_URL=\(http.baseURL)",
            ].joined(separator: "\n").appending("\n").write(toFile: envFile, atomically: true, encoding: .utf8)
            let contracts = try ContractRepository(root: BootstrappedStack.repositoryRoot.appendingPathComponent("contracts").path)
            let publisher = try EventPublisher(contracts: contracts, bootstrapServers: config.kafkaBootstrapServers)
            try await body(FaultStack(
                s3: s3, kafka: kafka, http: http, config: config, contracts: contracts, publisher: publisher, envFile: envFile))
        } catch {
            for stop in servers.reversed() { try? await stop() }
            try? FileManager.default.removeItem(atPath: envFile)
            throw error
        }
        for stop in servers.reversed() { try await stop() }
        try? FileManager.default.removeItem(atPath: envFile)
    }

    /// A connection to the stack's PostgreSQL.
    func database() throws -> PostgresConnection {
        try PostgresConnection(connectionString: config.postgres.connectionString)
    }

    /// The keys of RAW under `prefix`, as listed over S3 (duplicates would show as a count above the set's).
    func rawKeys(under prefix: String) throws -> [String] {
        try S3Client(endpoint: config.s3).listAllObjects(bucket: "raw", prefix: prefix).map(\.key)
    }

    /// Every record of `topic` from its start, read until `quiet` passes without a new one.
    func readAll(topic: String, quiet: Duration = .seconds(3)) async throws -> [JSONValue] {
        let config = config
        return try await BlockingWork.run { try Self.readAll(topic: topic, quiet: quiet, config: config) }
    }

    private static func readAll(topic: String, quiet: Duration, config: PlatformConfig) throws -> [JSONValue] {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": "test-\(UUID().uuidString)",
        ])
        try consumer.subscribe([topic])
        var events: [JSONValue] = []
        var last = ContinuousClock.now
        while ContinuousClock.now - last < quiet {
            if let record = try consumer.poll(timeoutMilliseconds: 200) {
                events.append(try JSONParser.parse(record.value))
                last = .now
            }
        }
        return events
    }
}
