import Synchronization

/// The time limit of one check: a check still running when it passes is reported as failed with the
/// limit, and the run goes on to the next check (the late one is cancelled and left to finish alone,
/// since a blocked libcurl or libpq call cannot be interrupted from outside).
enum SmokeDeadline {
    /// How long any one check may take.
    static let limit = Duration.seconds(300)

    /// Runs `body`, giving up after `limit`.
    static func run(_ limit: Duration = limit, _ body: @escaping @Sendable () async throws -> String) async throws -> String {
        let outcome = Outcome()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.arm(continuation)
            let work = Task {
                do { outcome.finish(.success(try await body())) } catch { outcome.finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: limit)
                outcome.finish(.failure(SmokeFailure("no result within \(limit.components.seconds) s (time limit of a check)")))
                work.cancel()
            }
        }
    }

    /// Resumes the waiting check once: with whichever of the check and the clock finishes first.
    private final class Outcome: Sendable {
        private let continuation = Mutex<CheckedContinuation<String, any Error>?>(nil)

        func arm(_ waiting: CheckedContinuation<String, any Error>) {
            continuation.withLock { $0 = waiting }
        }

        func finish(_ result: Result<String, any Error>) {
            continuation.withLock { waiting in
                waiting?.resume(with: result)
                waiting = nil
            }
        }
    }
}
