/// A fault the broker injects into its answers, for reliability tests of clients and the platform.
public enum KafkaFault: Sendable, Equatable {
    /// The request is answered with this error code in every place its response has one (each partition
    /// of a produce or fetch, the group error of a heartbeat, …). APIs whose responses carry no such place
    /// (ApiVersions, OffsetFetch, DescribeGroups, ListGroups, DescribeConfigs) are answered normally.
    case error(KafkaErrorCode)
    /// The answer is sent this much later than it would have been.
    case latency(milliseconds: Int64)
    /// The connection is closed instead of answering, as when a broker dies mid-request.
    case dropConnection
}
