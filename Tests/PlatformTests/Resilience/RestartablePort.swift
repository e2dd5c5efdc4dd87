/// Ports for a listener the test stops and starts again on the same port: below the kernel's ephemeral
/// range (32768–60999), so no other test binding port 0 meanwhile can be handed it.
enum RestartablePort {
    /// Runs `start` on random ports in 20000–32000 until one binds (another test may hold one).
    static func first<T>(_ start: (Int) async throws -> T) async throws -> T {
        var lastError: (any Error)?
        for _ in 0..<50 {
            do {
                return try await start(Int.random(in: 20_000..<32_000))
            } catch {
                lastError = error
            }
        }
        throw lastError ?? FixtureError("no free port in 20000–32000")
    }
}
