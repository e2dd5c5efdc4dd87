import Metrics

/// The metrics every Sluice service exports, named exactly as the contract in `infra/README.md`
/// ("Metrics the services export") that the Grafana dashboard queries.
///
/// Each accessor returns the swift-metrics handle for one label set; the same name and labels give
/// the same series, so a hot loop takes its handle once and increments it. The factory is explicit:
/// by default the process-wide one that ``PlatformObservability/bootstrap(logFormat:logLevel:)``
/// installs, or one over a registry of its own in a test, so tests never share global state.
public struct SluiceMetrics: Sendable {
    /// `sluice_records_in_total{dataset,source}`: records read from a source.
    public static let recordsInName = "sluice_records_in_total"
    /// `sluice_records_out_total{dataset,source}`: records in RAW with their event published.
    public static let recordsOutName = "sluice_records_out_total"
    /// `sluice_bytes_in_total{dataset,source}`: bytes read from a source.
    public static let bytesInName = "sluice_bytes_in_total"
    /// `sluice_errors_total{kind}`: inputs that failed, by ``ErrorKind``.
    public static let errorsName = "sluice_errors_total"
    /// `sluice_retries_total{target}`: attempts made again, by the system retried.
    public static let retriesName = "sluice_retries_total"
    /// `sluice_dead_letters_total{topic}`: inputs sent to a dead-letter topic.
    public static let deadLettersName = "sluice_dead_letters_total"
    /// `sluice_consumer_lag{topic,partition,group}`: messages between the committed offset and the end.
    public static let consumerLagName = "sluice_consumer_lag"
    /// `sluice_batch_seconds{stage}`: time to handle one batch, a histogram.
    public static let batchSecondsName = "sluice_batch_seconds"

    private let factory: any MetricsFactory

    /// Metrics made by `factory`: the process-wide one unless given.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Records read from `source` (`file`, `http`, `stream`, `synthetic`) for `dataset`.
    public func recordsIn(dataset: String, source: String) -> Counter {
        Counter(label: Self.recordsInName, dimensions: [("dataset", dataset), ("source", source)], factory: factory)
    }

    /// Records fully handled: in RAW (or on their topic) with their event published.
    public func recordsOut(dataset: String, source: String) -> Counter {
        Counter(label: Self.recordsOutName, dimensions: [("dataset", dataset), ("source", source)], factory: factory)
    }

    /// Bytes read from `source` for `dataset`.
    public func bytesIn(dataset: String, source: String) -> Counter {
        Counter(label: Self.bytesInName, dimensions: [("dataset", dataset), ("source", source)], factory: factory)
    }

    /// Failures of kind `kind`.
    public func errors(_ kind: ErrorKind) -> Counter {
        Counter(label: Self.errorsName, dimensions: [("kind", kind.rawValue)], factory: factory)
    }

    /// Retries against `target` (`http`, `s3`, `kafka`, `postgres`).
    public func retries(target: String) -> Counter {
        Counter(label: Self.retriesName, dimensions: [("target", target)], factory: factory)
    }

    /// Inputs sent to the dead-letter topic `topic` (`<topic>.dlq`).
    public func deadLetters(topic: String) -> Counter {
        Counter(label: Self.deadLettersName, dimensions: [("topic", topic)], factory: factory)
    }

    /// The lag of consumer group `group` on one partition.
    public func consumerLag(topic: String, partition: Int32, group: String) -> Gauge {
        Gauge(
            label: Self.consumerLagName, dimensions: [("topic", topic), ("partition", "\(partition)"), ("group", group)],
            factory: factory)
    }

    /// The batch-duration histogram of `stage`; buckets from 5 ms to 10 s (``PlatformObservability/batchBuckets``).
    public func batchSeconds(stage: String) -> Metrics.Timer {
        Metrics.Timer(label: Self.batchSecondsName, dimensions: [("stage", stage)], factory: factory)
    }
}
