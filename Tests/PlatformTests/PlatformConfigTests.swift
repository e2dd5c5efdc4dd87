import Foundation
import Platform
import Testing

/// The platform's configuration: the compose `.env` keys, the environment winning over the file.
struct PlatformConfigTests {
    private static var envExample: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("infra/.env.example").path
    }

    @Test func readsTheComposeEnvExample() throws {
        let config = try PlatformConfig.load(environment: [:], envFile: Self.envExample)

        #expect(config.s3.url == "http://localhost:9000")
        #expect(config.rawBucket == "raw")
        #expect(config.curatedBucket == "curated")
        #expect(config.kafkaBootstrapServers == "localhost:19092")
        #expect(config.postgres.database == "poc")
        #expect(config.mockAPIURL == "http://localhost:8089")
    }

    @Test func theEnvironmentWinsOverTheFile() throws {
        let config = try PlatformConfig.load(
            environment: ["S3_ENDPOINT": "http://127.0.0.1:4567", "POSTGRES_PORT": "6543"], envFile: Self.envExample)

        #expect(config.s3.url == "http://127.0.0.1:4567")
        #expect(config.postgres.port == 6543)
        #expect(config.s3.accessKey == "sluice")
    }

    @Test func aMissingKeyIsNamed() {
        let error = #expect(throws: PlatformConfigError.self) {
            try PlatformConfig.load(environment: ["S3_ENDPOINT": "http://x"])
        }
        #expect(error == .missingKey("S3_ACCESS_KEY", source: "the environment"))
    }

    @Test func aPortThatIsNotANumberIsRefused() {
        let error = #expect(throws: PlatformConfigError.self) {
            try PlatformConfig.load(environment: ["POSTGRES_PORT": "fivefourthreetwo"], envFile: Self.envExample)
        }
        #expect(error == .invalidValue(key: "POSTGRES_PORT", value: "fivefourthreetwo", expected: "a port number"))
    }

    @Test func dotEnvQuotingCommentsAndExport() throws {
        let values = try DotEnvFile.parse(
            """
            # comment
            export A=plain # trailing comment
            B='single $quoted # not a comment'
            C="line\\nbreak \\"quoted\\""
            D=
            """)

        #expect(values == ["A": "plain", "B": "single $quoted # not a comment", "C": "line\nbreak \"quoted\"", "D": ""])
    }

    @Test func aLineWithoutEqualsIsAnErrorWithItsLineNumber() {
        let error = #expect(throws: PlatformConfigError.self) { try DotEnvFile.parse("A=1\nnonsense\n", source: "x.env") }
        #expect(error == .malformedLine(source: "x.env", line: 2, text: "nonsense"))
    }

    @Test func libpqParsesTheConnectionStringOfAnAwkwardPassword() throws {
        let cluster = try TemporaryPostgresCluster.start()
        defer { try? cluster.stop() }
        let admin = try PostgresConnection(connectionString: cluster.connectionString)
        try admin.execute(script: #"CREATE ROLE tricky LOGIN PASSWORD 'it''s a \ pass'"#)

        let endpoint = PostgresEndpoint(
            host: "127.0.0.1", port: cluster.port, user: "tricky", password: #"it's a \ pass"#, database: "poc")
        let connection = try PostgresConnection(connectionString: endpoint.connectionString)

        #expect(try connection.query("SELECT current_user AS who")[0].decode("who", as: String.self) == "tricky")
    }
}
