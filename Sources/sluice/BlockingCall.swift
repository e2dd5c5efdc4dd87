import Dispatch
import Synchronization

/// Runs async work to completion from a synchronous command and returns its result.
///
/// The emulate commands are synchronous (they mostly wait for a signal); starting and stopping their
/// servers is async, and this bridges the two by waiting on a semaphore while a task does the work.
enum BlockingCall {
    static func run<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) throws -> Value {
        let outcome = Outcome<Value>()
        Task {
            let result: Result<Value, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.result.withLock { $0 = result }
            outcome.done.signal()
        }
        outcome.done.wait()
        return try outcome.result.withLock { $0! }.get()
    }

    /// Where the task leaves its result for the waiting thread.
    private final class Outcome<Value: Sendable>: Sendable {
        let result = Mutex<Result<Value, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
    }
}
