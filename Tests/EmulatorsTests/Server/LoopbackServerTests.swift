import Emulators
import NIOCore
import NIOPosix
import Testing

/// The shared emulator bootstrap: kernel-assigned ports, loopback only, a clean shutdown.
struct LoopbackServerTests {
    @Test func portZeroGetsAKernelAssignedPortPerServer() async throws {
        let first = try await LoopbackServer.start { $0.eventLoop.makeSucceededVoidFuture() }
        let second = try await LoopbackServer.start { $0.eventLoop.makeSucceededVoidFuture() }

        #expect(first.port > 0)
        #expect(second.port > 0)
        #expect(first.port != second.port)
        #expect(first.endpoint == "127.0.0.1:\(first.port)")

        try await first.shutdown()
        try await second.shutdown()
    }

    @Test func acceptsConnectionsOnItsReportedPort() async throws {
        let server = try await LoopbackServer.start { $0.eventLoop.makeSucceededVoidFuture() }
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: server.port).get()

        #expect(client.isActive)
        #expect(client.remoteAddress?.port == server.port)

        try await client.close()
        try await server.shutdown()
    }
}
