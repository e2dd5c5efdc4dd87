import CRdKafka
import Foundation
import Synchronization

/// A dedicated thread that serves a librdkafka handle's callbacks (`rd_kafka_poll`).
///
/// Delivery reports are handed out by `rd_kafka_poll`, which blocks; running it on its own thread keeps
/// Swift's cooperative pool free, and the continuations it resumes hop back onto the pool themselves.
final class KafkaPollThread: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts polling `handle` every `intervalMilliseconds` at most, until ``stop()``.
    init(handle: OpaquePointer, name: String, intervalMilliseconds: Int32 = 50) {
        nonisolated(unsafe) let handle = handle
        let thread = Thread { [self] in
            while !stopping.load(ordering: .acquiring) {
                rd_kafka_poll(handle, intervalMilliseconds)
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the thread and waits for it to leave its last poll.
    func stop() {
        stopping.store(true, ordering: .releasing)
        finished.wait()
    }
}
