import Contracts

/// The control endpoint of a running pipeline: a small HTTP/1.1 server on loopback.
///
/// | request | effect |
/// |---|---|
/// | `GET /status` | the pipeline's status as JSON |
/// | `POST /pause` | hold after the current batch; answers the status |
/// | `POST /resume` | go on; answers the status |
/// | `POST /rate?per_second=R` | change the target rate (0 = unlimited); answers the status |
///
/// It binds to loopback only: anyone who can reach it can pause the pipeline.
public final class PipelineControlServer: Sendable {
    private let listener: ServiceHTTPListener

    /// The port the server listens on (the kernel's choice when 0 was asked).
    public var port: Int { listener.port }

    private init(listener: ServiceHTTPListener) {
        self.listener = listener
    }

    /// Starts serving `control` on `host:port`; `status` renders the pipeline's state for every answer.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, control: PipelineControl,
        status: @escaping @Sendable () -> JSONValue
    ) async throws -> PipelineControlServer {
        PipelineControlServer(listener: try await ServiceHTTPListener.start(host: host, port: port, backlog: 16) {
            PipelineControlHandler(control: control, status: status)
        })
    }

    /// The base URL of the endpoint, `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Stops listening.
    public func shutdown() async throws {
        try await listener.shutdown()
    }
}
