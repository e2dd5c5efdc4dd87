import NIOCore
import NIOHTTP1
import NIOPosix

/// The S3 emulator: an ``S3Service`` over an ``S3Store``, served on a ``LoopbackServer``.
///
/// Each server has its own store (pass one in to share it or to pre-load it), so tests run side by
/// side on their own ports without seeing each other's buckets.
public final class S3Server: Sendable {
    /// The protocol layer, and through it the store.
    public let service: S3Service
    private let listener: LoopbackServer

    private init(service: S3Service, listener: LoopbackServer) {
        self.service = service
        self.listener = listener
    }

    /// Starts serving.
    ///
    /// - Parameters:
    ///   - host: the address to bind, loopback by default.
    ///   - port: the port; 0 picks a free one, read it back from ``port``.
    ///   - store: the model to serve.
    ///   - credentials: the users whose signatures are accepted.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, store: S3Store = S3Store(), credentials: S3Credentials,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> S3Server {
        let service = S3Service(store: store, credentials: credentials)
        let listener = try await LoopbackServer.start(host: host, port: port, group: group) { channel in
            channel.eventLoop.makeCompletedFuture {
                // Response headers are the service's own (metadata values come from request headers the parser
                // already accepted), so NIO's per-response header validation is skipped: it cost more than the
                // rest of writing a small PUT's answer.
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                    withErrorHandling: true, withOutboundHeaderValidation: false)
                try channel.pipeline.syncOperations.addHandler(S3ChannelHandler(service: service))
            }
        }
        return S3Server(service: service, listener: listener)
    }

    /// The bound port.
    public var port: Int { listener.port }

    /// `http://host:port`, the endpoint URL clients are given.
    public var endpoint: String { "http://\(listener.endpoint)" }

    /// Error answers planned for the next requests (503 SlowDown bursts and the like), for tests.
    public var faults: S3FaultInjector { service.faults }

    /// The store being served.
    public var store: S3Store { service.store }

    /// Stops accepting connections.
    public func shutdown() async throws {
        try await listener.shutdown()
    }
}
