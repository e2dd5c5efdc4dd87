import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 listener for a service's side endpoints: the `/metrics` of ``MetricsServer`` and the
/// control endpoint of ``PipelineControlServer``. Each connection gets its own handler from `makeHandler`.
public final class ServiceHTTPListener: Sendable {
    /// The port the listener is bound to (the kernel's choice when 0 was asked).
    public let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Binds `host`:`port` and serves each connection with a fresh handler of `makeHandler`.
    public static func start(
        host: String, port: Int, backlog: Int32 = 64, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        makeHandler: @escaping @Sendable () -> any ChannelHandler
    ) async throws -> ServiceHTTPListener {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(makeHandler())
                }
            }
            .bind(host: host, port: port)
            .get()
        guard let bound = channel.localAddress?.port else {
            try? await channel.close()
            throw ServiceHTTPListenerError(host: host, port: port)
        }
        return ServiceHTTPListener(port: bound, channel: channel)
    }

    /// Stops accepting connections and closes the listener.
    public func shutdown() async throws {
        try await channel.close()
    }
}

/// A listener that bound but reported no local address, so its port cannot be given to anyone.
public struct ServiceHTTPListenerError: Error, CustomStringConvertible {
    /// The address that was asked for.
    public let host: String
    public let port: Int

    public var description: String { "the listener on \(host):\(port) bound but reported no local address" }
}
