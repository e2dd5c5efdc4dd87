import Contracts
import NIOCore
import NIOHTTP1
import NIOPosix

/// The control endpoint of a running pipeline: a small HTTP/1.1 server on loopback.
///
/// | request | effect |
/// |---|---|
/// | `GET /status` | the pipeline's status as JSON |
/// | `POST /pause` | hold after the current batch; answers the status |
/// | `POST /resume` | go on; answers the status |
/// | `POST /rate?per_second=R` | change the target rate (0 = unlimited); answers the status |
///
/// It is self-contained on purpose (its own listener, no dependency on the metrics server of
/// `Observability`), so the sink and producer work without it; the two may share a listener later.
/// It binds to loopback only: anyone who can reach it can pause the pipeline.
public final class PipelineControlServer: Sendable {
    /// The port the server listens on (the kernel's choice when 0 was asked).
    public let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Starts serving `control` on `host:port`; `status` renders the pipeline's state for every answer.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, control: PipelineControl,
        status: @escaping @Sendable () -> JSONValue
    ) async throws -> PipelineControlServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(PipelineControlHandler(control: control, status: status))
                }
            }
            .bind(host: host, port: port)
            .get()
        guard let boundPort = channel.localAddress?.port else {
            try? await channel.close()
            throw PipelineControlServerError.noBoundAddress
        }
        return PipelineControlServer(port: boundPort, channel: channel)
    }

    /// The base URL of the endpoint, `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Stops listening.
    public func shutdown() async throws {
        try await channel.close()
    }
}
