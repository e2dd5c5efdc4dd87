import Dispatch

/// Runs blocking work (a libpq or libcurl call, a librdkafka poll window, `initdb` and `pg_ctl`) on a
/// Dispatch thread instead of the Swift concurrency pool.
///
/// The cooperative pool has one thread per core; a call that blocks one of them for a poll window or a
/// `pg_ctl start` stalls every other task, which on two cores means everything else in the process.
/// Dispatch's global queue grows a new thread when one blocks, so waiting there costs only that thread.
public enum BlockingWork {
    /// Runs `work` on a Dispatch global-queue thread and returns its result to the awaiting task.
    public static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
