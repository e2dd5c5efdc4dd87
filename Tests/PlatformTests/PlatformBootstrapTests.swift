import Foundation
import Platform
import Testing

/// `sluice bootstrap` on the embedded stack, checked through the real protocols afterwards.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PlatformBootstrapTests {
    @Test func aSecondRunChangesNothingAndSaysSo() async throws {
        let stack = try await EmbeddedStack.start(mockRoot: BootstrappedStack.repositoryRoot.appendingPathComponent("infra/wiremock"))
        do {
            let bootstrap = PlatformBootstrap(config: stack.config)

            let first = try bootstrap.run()
            let second = try bootstrap.run()

            #expect(first.changedAnything)
            // The embedded S3 creates its write-once bucket at start, as MinIO's init job does in compose.
            #expect(first.items.filter { !$0.created }.map(\.resource) == ["bucket raw"])
            #expect(!second.changedAnything)
            #expect(second.items.map(\.resource) == first.items.map(\.resource))
            #expect(second.text.hasSuffix("bootstrap: already bootstrapped, nothing changed"))

            let postgres = try PostgresConnection(connectionString: stack.config.postgres.connectionString)
            let extensions = try Set(postgres.query("SELECT extname FROM pg_extension").map { try $0.decode("extname", as: String.self) })
            #expect(extensions.isSuperset(of: ["postgis", "pgcrypto", "uuid-ossp"]))
            let tables = try postgres.query(
                "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'meta' AND table_type = 'BASE TABLE'")
            #expect(try tables[0].decode("n", as: Int.self) == 3)
            #expect(first.items.filter { $0.resource.hasPrefix("view ") }.map(\.resource)
                == ["view meta.recent_failures", "view meta.run_row_counts", "view meta.source_freshness"])

            let s3 = S3Client(endpoint: stack.config.s3)
            #expect(try s3.bucketExists("raw") && s3.bucketExists("curated"))
            try s3.putObject(bucket: "raw", key: "source=file/dt=2026-11-23/a.csv", body: Array("a\n".utf8))
            let overwrite = #expect(throws: S3ResponseError.self) {
                try s3.putObject(bucket: "raw", key: "source=file/dt=2026-11-23/a.csv", body: Array("b\n".utf8))
            }
            #expect(overwrite?.code == "AccessDenied")

            let topics = try KafkaAdmin(bootstrapServers: stack.config.kafkaBootstrapServers).topics()
            #expect(Set(topics.keys).isSuperset(of: PlatformTopics.all))
            #expect(topics["ingest.stream.v1"] == 3)
        } catch {
            try await stack.stop()
            throw error
        }
        try await stack.stop()
    }

    @Test func theComposeInitScriptIsTheBootstrapScript() throws {
        let initdb = try String(
            contentsOf: BootstrappedStack.repositoryRoot.appendingPathComponent("infra/postgres/initdb/20-sluice-bootstrap.sql"), encoding: .utf8)
        #expect(initdb == PlatformBootstrap.postgresScript)
    }
}
