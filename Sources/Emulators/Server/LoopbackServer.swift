import NIOCore
import NIOPosix

/// A TCP listener on a loopback address: the one bootstrap every emulator (S3, HTTP stubs, Kafka) is served from.
///
/// Binding to port 0 lets the kernel pick a free port, so any number of emulators, and any number of
/// concurrent tests, can run side by side; the bound port is read back from the socket and reported
/// in ``port``. The server never listens beyond loopback unless the caller names another host.
public final class LoopbackServer: Sendable {
    /// The address the listener is bound to.
    public let host: String
    /// The port the kernel assigned (or the one asked for).
    public let port: Int
    private let channel: any Channel

    private init(host: String, port: Int, channel: any Channel) {
        self.host = host
        self.port = port
        self.channel = channel
    }

    /// Binds a listener and installs `childChannelInitializer` on every accepted connection.
    ///
    /// - Parameters:
    ///   - host: the address to bind, `127.0.0.1` by default.
    ///   - port: the port to bind; 0 asks the kernel for a free one.
    ///   - group: the event loops that serve the connections.
    ///   - childChannelInitializer: builds the pipeline of one accepted connection.
    public static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        childChannelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) async throws -> LoopbackServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer(childChannelInitializer)
            .bind(host: host, port: port)
            .get()
        guard let boundPort = channel.localAddress?.port else {
            try? await channel.close()
            throw LoopbackServerError.noBoundAddress
        }
        return LoopbackServer(host: host, port: boundPort, channel: channel)
    }

    /// `host:port`, as clients are configured with it.
    public var endpoint: String { "\(host):\(port)" }

    /// Stops accepting connections and closes the listener.
    public func shutdown() async throws {
        try await channel.close()
    }
}

/// Why a ``LoopbackServer`` could not start.
public enum LoopbackServerError: Error, CustomStringConvertible {
    /// The socket bound but reported no local address, so its port cannot be handed to clients.
    case noBoundAddress

    public var description: String {
        switch self {
        case .noBoundAddress: "the listener bound but reported no local address"
        }
    }
}
