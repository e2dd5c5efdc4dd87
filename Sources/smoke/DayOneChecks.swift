import Contracts
import Foundation
import Platform

/// Day 1: every service answers, bootstrap is idempotent, the contracts are in place.
enum DayOneChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("object storage healthy (/minio/health/live)") { context in
            try expectHTTP200(context.config.s3.url + "/minio/health/live")
        },
        SmokeCheck("Kafka answers a metadata request") { context in
            let topics = try KafkaAdmin(bootstrapServers: context.config.kafkaBootstrapServers).topics()
            return "\(topics.count) topics at \(context.config.kafkaBootstrapServers)"
        },
        SmokeCheck("PostgreSQL answers") { context in
            let connection = try PostgresConnection(connectionString: context.config.postgres.connectionString)
            return "server \(connection.serverVersion / 10_000).\(connection.serverVersion % 10_000), database \(context.config.postgres.database)"
        },
        SmokeCheck("mock API healthy (/__admin/health)") { context in
            // WireMock 2.35, the compose image, predates /__admin/health; its mappings endpoint shows it is up.
            let health = try CurlHTTPClient().get(context.config.mockAPIURL + "/__admin/health")
            if health.status == 404 { return try expectHTTP200(context.config.mockAPIURL + "/__admin/mappings") }
            guard health.status == 200 else { throw SmokeFailure("HTTP \(health.status) from /__admin/health") }
            return "HTTP 200 at \(context.config.mockAPIURL)"
        },
        SmokeCheck("bootstrap is idempotent (run twice, second changes nothing)") { context in
            let bootstrap = PlatformBootstrap(config: context.config)
            _ = try bootstrap.run()
            let second = try bootstrap.run()
            guard !second.changedAnything else {
                throw SmokeFailure("second run changed: " + second.items.filter(\.created).map(\.resource).joined(separator: ", "))
            }
            return "\(second.items.count) resources unchanged"
        },
        SmokeCheck("compose services healthy: Prometheus, Grafana, Loki, Tempo, Trino, Kafka UI") { context in
            guard context.target == .compose else {
                throw SmokeSkip(reason: "compose only: the embedded stack runs none of them")
            }
            let host = URLComponents(string: context.config.s3.url)?.host ?? "localhost"
            var healthy: [String] = []
            for (service, portKey, path) in composeHealthEndpoints {
                guard let port = context.environment[portKey] else { throw SmokeFailure("\(portKey) is not in the .env") }
                let url = "http://\(host):\(port)\(path)"
                let response = try CurlHTTPClient(timeoutMilliseconds: 5_000).get(url)
                guard response.status == 200 else { throw SmokeFailure("\(service): HTTP \(response.status) from \(url)") }
                healthy.append(service)
            }
            return healthy.joined(separator: ", ")
        },
        SmokeCheck("contracts/ has the envelope schema and examples that validate as their golden files say") { context in
            let repository = try ContractRepository(root: context.contractsRoot)
            guard repository.events.contains(where: { $0.name == "envelope.v1" }) else {
                throw SmokeFailure("no events/envelope.v1.schema.json in \(context.contractsRoot)")
            }
            let findings = ContractLinter(repository: repository).lint().findings
            guard findings.isEmpty else {
                throw SmokeFailure("\(findings.count) lint findings, first: \(findings[0])")
            }
            let examples = try repository.events.reduce(0) { $0 + (try repository.examples(of: $1).count) }
            return "\(repository.events.count) schemas, \(examples) golden examples as expected"
        },
    ]

    /// Each compose-only service, the `.env` key of its host port, and its health endpoint.
    private static let composeHealthEndpoints = [
        ("Prometheus", "PROMETHEUS_PORT", "/-/healthy"),
        ("Grafana", "GRAFANA_PORT", "/api/health"),
        ("Loki", "LOKI_PORT", "/ready"),
        ("Tempo", "TEMPO_PORT", "/ready"),
        ("Trino", "TRINO_PORT", "/v1/info"),
        ("Kafka UI", "KAFKA_UI_PORT", "/actuator/health"),
    ]

    private static func expectHTTP200(_ url: String) throws -> String {
        let response = try CurlHTTPClient(timeoutMilliseconds: 5_000).get(url)
        guard response.status == 200 else { throw SmokeFailure("HTTP \(response.status) from \(url)") }
        return "HTTP 200 from \(url)"
    }
}
