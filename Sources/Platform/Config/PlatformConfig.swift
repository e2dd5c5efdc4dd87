import Foundation

/// Every endpoint and credential the platform talks to, with the keys of `infra/.env.example`.
///
/// The same binary runs against compose (MinIO, Redpanda, PostgreSQL, WireMock) and the embedded stack:
/// only this configuration changes. The process environment wins over the `.env` file, as with compose.
public struct PlatformConfig: Sendable {
    /// The S3 server and credentials (`S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY`, `S3_SECRET_KEY`).
    public var s3: S3Endpoint
    /// The write-once RAW bucket (`S3_RAW_BUCKET`).
    public var rawBucket: String
    /// The bucket for STG and CURATED Parquet (`S3_CURATED_BUCKET`).
    public var curatedBucket: String
    /// `host:port[,host:port…]` of the Kafka API (`KAFKA_BOOTSTRAP_SERVERS`).
    public var kafkaBootstrapServers: String
    /// The PostgreSQL server (`POSTGRES_HOST`, `POSTGRES_PORT`, `POSTGRES_USER`, `POSTGRES_PASSWORD`, `POSTGRES_DB`).
    public var postgres: PostgresEndpoint
    /// The base URL of the mock HTTP source (`MOCK_API_URL`).
    public var mockAPIURL: String

    /// Creates a configuration from its parts.
    public init(
        s3: S3Endpoint, rawBucket: String, curatedBucket: String, kafkaBootstrapServers: String,
        postgres: PostgresEndpoint, mockAPIURL: String
    ) {
        self.s3 = s3
        self.rawBucket = rawBucket
        self.curatedBucket = curatedBucket
        self.kafkaBootstrapServers = kafkaBootstrapServers
        self.postgres = postgres
        self.mockAPIURL = mockAPIURL
    }

    /// Reads the configuration from `environment`, falling back to the `.env` file at `envFile` when given.
    public static func load(environment: [String: String], envFile: String? = nil) throws -> PlatformConfig {
        let file = try envFile.map(DotEnvFile.load) ?? [:]
        let source = envFile ?? "the environment"
        func value(_ key: String, default fallback: String? = nil) throws -> String {
            if let value = environment[key] ?? file[key] ?? fallback { return value }
            throw PlatformConfigError.missingKey(key, source: source)
        }
        let portText = try value("POSTGRES_PORT", default: "5432")
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw PlatformConfigError.invalidValue(key: "POSTGRES_PORT", value: portText, expected: "a port number")
        }
        return PlatformConfig(
            s3: S3Endpoint(
                url: try value("S3_ENDPOINT"), region: try value("S3_REGION", default: "us-east-1"),
                accessKey: try value("S3_ACCESS_KEY"), secretKey: try value("S3_SECRET_KEY")),
            rawBucket: try value("S3_RAW_BUCKET", default: "raw"),
            curatedBucket: try value("S3_CURATED_BUCKET", default: "curated"),
            kafkaBootstrapServers: try value("KAFKA_BOOTSTRAP_SERVERS"),
            postgres: PostgresEndpoint(
                host: try value("POSTGRES_HOST"), port: port, user: try value("POSTGRES_USER"),
                password: try value("POSTGRES_PASSWORD", default: ""), database: try value("POSTGRES_DB", default: "poc")),
            mockAPIURL: try value("MOCK_API_URL"))
    }
}

/// Where a PostgreSQL server is and whom to log in as.
public struct PostgresEndpoint: Sendable, Equatable {
    /// The host name or address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// The password; empty for trust authentication.
    public var password: String
    /// The database.
    public var database: String

    /// Creates an endpoint.
    public init(host: String, port: Int, user: String, password: String, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// The libpq connection string, every value quoted as libpq's keyword/value syntax requires.
    public var connectionString: String {
        let fields = [("host", host), ("port", "\(port)"), ("user", user), ("password", password), ("dbname", database)]
        return fields.filter { !$0.1.isEmpty }.map { "\($0.0)=\(Self.quoted($0.1))" }.joined(separator: " ")
            + " connect_timeout=10"
    }

    private static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
