import Emulators
import Foundation
import Logging

/// The embedded stack: Sluice's S3, Kafka and WireMock emulators on loopback ports and a throw-away
/// PostgreSQL cluster, described by the same ``PlatformConfig`` the compose stack is.
///
/// This is the only file of the platform that imports `Emulators`: it starts the servers and hands
/// back endpoints, and from then on the platform talks to them over S3 REST, the Kafka protocol, HTTP
/// and libpq exactly as it talks to MinIO, Redpanda, WireMock and PostgreSQL.
public final class EmbeddedStack: Sendable {
    /// Endpoints and credentials of the running services.
    public let config: PlatformConfig
    private let s3: S3Server
    private let kafka: KafkaBroker
    private let http: HTTPMockServer
    private let postgres: TemporaryPostgresCluster

    /// The access key the embedded S3 accepts.
    public static let accessKey = "sluice"
    /// The secret of ``accessKey``; the emulator lives on loopback only, so a fixed value is enough.
    public static let secretKey = "sluice-embedded-secret"

    private init(config: PlatformConfig, s3: S3Server, kafka: KafkaBroker, http: HTTPMockServer, postgres: TemporaryPostgresCluster) {
        self.config = config
        self.s3 = s3
        self.kafka = kafka
        self.http = http
        self.postgres = postgres
    }

    /// Starts every service.
    ///
    /// - Parameters:
    ///   - mockRoot: a WireMock root folder (`mappings/`, `__files/`) for the HTTP source, normally `infra/wiremock`.
    ///   - kafkaPartitions: partitions of topics created without a count.
    public static func start(
        mockRoot: URL?, kafkaPartitions: Int = 3, logger: Logger = Logger(label: "sluice.embedded")
    ) async throws -> EmbeddedStack {
        let postgres = try await BlockingWork.run { try TemporaryPostgresCluster.start(logger: logger) }
        do {
            let rawBucket = "raw"
            let s3 = try await S3Server.start(
                store: S3Store(writeOnceBuckets: [rawBucket]),
                credentials: S3Credentials(users: [accessKey: secretKey]))
            let kafka = try await KafkaBroker.start(KafkaBrokerConfiguration(defaultPartitions: kafkaPartitions))
            let http = try await HTTPMockServer.start(rootDirectory: mockRoot)
            for failure in http.loadFailures {
                logger.warning("mock mapping not loaded", metadata: ["failure": "\(failure)"])
            }
            let config = PlatformConfig(
                s3: S3Endpoint(url: s3.endpoint, accessKey: accessKey, secretKey: secretKey),
                rawBucket: rawBucket, curatedBucket: "curated", kafkaBootstrapServers: kafka.endpoint,
                postgres: PostgresEndpoint(host: "127.0.0.1", port: postgres.port, user: "postgres", password: "", database: postgres.database),
                mockAPIURL: http.baseURL)
            logger.info("embedded stack up", metadata: [
                "s3": "\(s3.endpoint)", "kafka": "\(kafka.endpoint)", "http": "\(http.baseURL)", "postgres": "\(postgres.url)",
            ])
            return EmbeddedStack(config: config, s3: s3, kafka: kafka, http: http, postgres: postgres)
        } catch {
            _ = try? await BlockingWork.run { try postgres.stop() }
            throw error
        }
    }

    /// Stops every service and deletes the PostgreSQL cluster.
    public func stop() async throws {
        try await http.shutdown()
        try await kafka.shutdown()
        try await s3.shutdown()
        try await BlockingWork.run { try self.postgres.stop() }
    }

    /// The stack's endpoints as `.env` lines with the keys of `infra/.env.example`, for `smoke --keep`
    /// and for pointing other tools (or `smoke --target compose`) at it.
    public var envFileText: String {
        [
            "S3_ENDPOINT=\(config.s3.url)", "S3_ACCESS_KEY=\(config.s3.accessKey)", "S3_SECRET_KEY=\(config.s3.secretKey)",
            "S3_REGION=\(config.s3.region)", "S3_RAW_BUCKET=\(config.rawBucket)", "S3_CURATED_BUCKET=\(config.curatedBucket)",
            "KAFKA_BOOTSTRAP_SERVERS=\(config.kafkaBootstrapServers)",
            "POSTGRES_HOST=\(config.postgres.host)", "POSTGRES_PORT=\(config.postgres.port)",
            "POSTGRES_USER=\(config.postgres.user)", "POSTGRES_PASSWORD=\(config.postgres.password)",
            "POSTGRES_DB=\(config.postgres.database)", "MOCK_API_URL=\(config.mockAPIURL)",
        ].joined(separator: "\n") + "\n"
    }
}
