import Logging
import Metrics
import Prometheus
import Synchronization

/// Installs the process-wide logging and metrics backends, once, and owns the registry `/metrics` serves.
///
/// swift-log's `LoggingSystem` and swift-metrics' `MetricsSystem` are global and can be bootstrapped
/// only once per process (a second call traps). Commands call ``bootstrap(logFormat:logLevel:)``
/// first thing; a second call is ignored. Library code never depends on it having run: it takes a
/// `Logger` and a ``SluiceMetrics`` (whose factory defaults to the global one), and tests pass their
/// own, over a ``PrometheusCollectorRegistry`` of their own.
public enum PlatformObservability {
    /// The registry the process-wide metrics factory writes into, and ``MetricsServer`` reads.
    public static let registry = PrometheusCollectorRegistry()

    /// The buckets of `sluice_batch_seconds`: 5 ms to 10 s, batches being milliseconds to seconds long.
    public static let batchBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    private static let bootstrapped = Mutex(false)

    /// A swift-metrics factory writing into `registry`, with the platform's histogram buckets.
    public static func metricsFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [SluiceMetrics.batchSecondsName: batchBuckets]
        return factory
    }

    /// Bootstraps `MetricsSystem` over ``registry`` and `LoggingSystem` with `logFormat` lines on standard
    /// error at `logLevel`; returns false (and changes nothing) when this process already did.
    @discardableResult
    public static func bootstrap(logFormat: LogFormat = .json, logLevel: Logger.Level = .info) -> Bool {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return false }
        MetricsSystem.bootstrap(metricsFactory(registry: registry))
        LoggingSystem.bootstrap { label in
            switch logFormat {
            case .json: return JSONLogHandler(label: label, logLevel: logLevel)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = logLevel
                return handler
            }
        }
        return true
    }

    /// The level `SLUICE_LOG_LEVEL` names (`trace` … `critical`, as swift-log spells them), `fallback` otherwise.
    public static func logLevel(environment: [String: String], otherwise fallback: Logger.Level = .info) -> Logger.Level {
        environment["SLUICE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? fallback
    }
}
