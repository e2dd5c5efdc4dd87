/// How a ``KafkaBroker`` is started.
public struct KafkaBrokerConfiguration: Sendable {
    /// The loopback address to bind; it is also the host the broker advertises in Metadata.
    public var host: String
    /// The port to bind; 0 lets the kernel pick one, which the broker then advertises.
    public var port: Int
    /// The broker's node id in Metadata and FindCoordinator answers; it is also the controller.
    public var nodeId: Int32
    /// Partitions of a topic created without a count.
    public var defaultPartitions: Int
    /// Whether Metadata for an unknown topic creates it.
    public var autoCreateTopics: Bool
    /// The largest request frame accepted; a larger length prefix closes that connection.
    public var maximumFrameLength: Int
    /// Where the log keeps its segment files; `nil` keeps it in memory only.
    public var dataDirectory: String?
    /// How long committed offsets of a group without members are kept (Kafka's default: 7 days).
    public var offsetRetentionMs: Int64

    public init(
        host: String = "127.0.0.1", port: Int = 0, nodeId: Int32 = 1, defaultPartitions: Int = 1,
        autoCreateTopics: Bool = true, maximumFrameLength: Int = 100 * 1024 * 1024, dataDirectory: String? = nil,
        offsetRetentionMs: Int64 = 7 * 24 * 3600 * 1000
    ) {
        self.offsetRetentionMs = offsetRetentionMs
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.nodeId = nodeId
        self.defaultPartitions = defaultPartitions
        self.autoCreateTopics = autoCreateTopics
        self.maximumFrameLength = maximumFrameLength
    }
}
