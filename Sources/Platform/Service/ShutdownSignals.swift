import Dispatch
import Foundation
import Synchronization

/// Waits for the signals that ask a long-running command to stop (SIGINT, SIGTERM), so it can shut down
/// cleanly: stop its servers, delete its throw-away cluster, commit what it has done.
///
/// The signals are set to be ignored for the whole process and observed through dispatch sources, so
/// whichever thread the kernel delivers them to, they end the wait and never kill the process midway.
/// (Blocking them with `sigwait` would only be safe if done before any other thread starts, which an
/// async entry point cannot promise.)
public final class ShutdownSignals: Sendable {
    private let mailbox = Mailbox()
    /// Held only to keep the sources alive; never touched after `init`, so sharing it is safe.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    /// Starts watching `signals` (SIGINT and SIGTERM by default) from now on.
    public init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        let queue = DispatchQueue(label: "sluice.shutdown-signals")
        let mailbox = self.mailbox
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { mailbox.deliver(number) }
            source.resume()
            return source
        }
    }

    /// Blocks the calling thread until one of the signals arrives; returns its number.
    public func wait() -> Int32 {
        mailbox.arrived.wait()
        return mailbox.first.withLock { $0 ?? 0 }
    }

    /// Suspends until one of the signals arrives, without holding a thread of the cooperative pool.
    public func next() async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.wait()) }
        }
    }

    /// Runs `work` until it ends, cancelling it when one of the signals arrives first; returns what it
    /// returned or threw, so the caller can shut its servers down before looking.
    public func cancelling<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async -> Result<Value, any Error> {
        let running = Task { try await work() }
        let stopper = Task {
            _ = await next()
            running.cancel()
        }
        let result = await running.result
        stopper.cancel()
        return result
    }

    /// The first signal that arrived, and a semaphore raised for each.
    private final class Mailbox: Sendable {
        let first = Mutex<Int32?>(nil)
        let arrived = DispatchSemaphore(value: 0)

        func deliver(_ number: Int32) {
            first.withLock { $0 = $0 ?? number }
            arrived.signal()
        }
    }
}
