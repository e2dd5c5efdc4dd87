import Platform
import Prometheus

/// A registry of the test's own behind a real `/metrics` listener on an ephemeral loopback port, and
/// the ``SluiceMetrics`` that write into it: nothing goes through the process-wide `MetricsSystem`.
struct MetricsFixture {
    let registry: PrometheusCollectorRegistry
    let metrics: SluiceMetrics
    let server: MetricsServer

    var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// Runs `body` with a fresh registry served on loopback; the listener is closed afterwards.
    static func run(_ body: (MetricsFixture) async throws -> Void) async throws {
        let registry = PrometheusCollectorRegistry()
        let server = try await MetricsServer.start(registry: registry, host: "127.0.0.1", port: 0)
        let fixture = MetricsFixture(
            registry: registry, metrics: SluiceMetrics(factory: PlatformObservability.metricsFactory(registry: registry)), server: server)
        do {
            try await body(fixture)
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    /// `GET /metrics` over a real socket with libcurl, parsed.
    func scrape() throws -> PrometheusExposition {
        let response = try CurlHTTPClient(timeoutMilliseconds: 5_000).get("\(baseURL)/metrics")
        guard response.status == 200 else { throw FixtureError("GET /metrics answered \(response.status)") }
        return try PrometheusExposition(String(decoding: response.body, as: UTF8.self))
    }
}
