/// Ports for tests that stop a listener and start it again on the same port.
///
/// A port the kernel handed out for `bind(port: 0)` comes from the ephemeral range (32768–60999 on
/// Linux); once freed, any other test binding port 0 in parallel may be handed it, and the restart
/// then fails with "address in use". Ports below that range are never handed out that way, so a
/// test that picks one gets it back after a restart.
enum FixedTestPort {
    /// Runs `start` on random ports below the ephemeral range until one binds (another test may hold one).
    static func first<T>(_ start: (Int) async throws -> T) async throws -> T {
        var lastError: (any Error)?
        for _ in 0..<50 {
            do {
                return try await start(Int.random(in: 20_000..<32_000))
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }
}
