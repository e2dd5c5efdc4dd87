import CCurl
import Synchronization

/// Idle libcurl easy handles, kept so that the next request reuses a live connection.
///
/// A handle keeps its connection cache across `curl_easy_reset`, so taking a used handle instead of a
/// new one saves the TCP connect (and the TIME_WAIT socket left by each close) on every request to the
/// same server. A handle serves one transfer at a time: it is taken out of the pool for the transfer
/// and put back after, which is what makes sharing the pool between threads safe.
final class CurlHandlePool: Sendable {
    /// The pool every ``CurlHTTPClient`` shares.
    static let shared = CurlHandlePool(capacity: 16)

    private let idle = Mutex<[UnsafeHandle]>([])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// A handle with default options (a reused one is reset), or nil when libcurl cannot make one.
    func take() -> UnsafeMutableRawPointer? {
        if let reused = idle.withLock({ $0.popLast() }) {
            curl_easy_reset(reused.pointer)
            return reused.pointer
        }
        return curl_easy_init()
    }

    /// Returns `handle` for reuse, or frees it when the pool is full.
    func give(back handle: UnsafeMutableRawPointer) {
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < capacity else { return false }
            handles.append(UnsafeHandle(pointer: handle))
            return true
        }
        if !kept { curl_easy_cleanup(handle) }
    }

    /// An idle easy handle. `@unchecked Sendable` because only one thread holds it at a time: it is
    /// in the pool (under the mutex) or taken by exactly one transfer.
    private struct UnsafeHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }
}
