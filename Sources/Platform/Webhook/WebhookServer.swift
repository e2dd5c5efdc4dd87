import NIOCore
import NIOHTTP1
import NIOPosix

/// `sluice webhook`'s listener: `POST /webhooks/{source}` answers 200 once the body is durably queued
/// on Kafka (``WebhookQueue``), with the record's topic, partition and offset.
///
/// | answer | when |
/// |---|---|
/// | 200 `{"status":"queued","topic":…,"partition":…,"offset":…}` | the broker acknowledged the record (acks=all) |
/// | 503 | the broker did not take it within the queue's delivery timeout: the sender should retry |
/// | 413 | the body is over the size limit; the connection closes |
/// | 400 / 404 / 405 | a bad source name, another path, another method |
///
/// Any content type is accepted and kept as received. It binds all interfaces by default: webhook
/// senders are other machines.
public final class WebhookServer: Sendable {
    /// The port the listener is bound to (the kernel's choice when 0 was asked).
    public let port: Int
    private let channel: any Channel

    /// The body size limit by default: 1 MiB.
    public static let defaultMaxBodyBytes = 1024 * 1024

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Starts serving on `host`:`port`, queueing through `queue`.
    public static func start(
        queue: WebhookQueue, host: String = "0.0.0.0", port: Int, maxBodyBytes: Int = defaultMaxBodyBytes,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> WebhookServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(WebhookHTTPHandler(queue: queue, maxBodyBytes: maxBodyBytes))
                }
            }
            .bind(host: host, port: port)
            .get()
        guard let bound = channel.localAddress?.port else {
            try? await channel.close()
            throw WebhookServerError.noBoundAddress
        }
        return WebhookServer(port: bound, channel: channel)
    }

    /// The loopback URL of the listener, `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting connections and closes the listener.
    public func shutdown() async throws {
        try await channel.close()
    }
}
