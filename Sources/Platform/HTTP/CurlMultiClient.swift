import CCurl
import Synchronization

/// HTTP over libcurl's multi interface: many requests in flight at once on one thread, over connections
/// kept alive between calls.
///
/// ``CurlHTTPClient`` blocks a thread per transfer, so N requests at once need N threads; run from Swift
/// tasks they would occupy the cooperative pool, which has one thread per core. Here one Dispatch thread
/// (``BlockingWork``) drives up to ``maxInFlight`` transfers with `curl_multi_poll`, and the connections
/// stay in the multi handle's cache for the next batch. Requests are set up exactly as
/// ``CurlHTTPClient`` sets them up (``CurlTransfer``), SigV4 signing included.
public final class CurlMultiClient: Sendable {
    /// Most transfers in flight at once, and so most connections to one server.
    public let maxInFlight: Int
    /// The whole-transfer timeout of each request.
    public let timeoutMilliseconds: Int
    /// The multi handle and its idle easy handles; one batch holds it for its whole run, so batches from
    /// several tasks take turns rather than share a handle.
    private let state: Mutex<MultiState>

    /// Creates a client keeping up to `maxInFlight` requests in flight.
    public init(maxInFlight: Int = 32, timeoutMilliseconds: Int = 60_000) {
        self.maxInFlight = max(1, maxInFlight)
        self.timeoutMilliseconds = timeoutMilliseconds
        state = Mutex(MultiState(maxInFlight: self.maxInFlight))
    }

    /// Sends every request and returns each one's response (whatever its status) or transport failure,
    /// in the order of `requests`. Runs on a Dispatch thread, never on the cooperative pool.
    public func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, CurlError>] {
        guard !requests.isEmpty else { return [] }
        let timeout = timeoutMilliseconds
        let results = try? await BlockingWork.run { [self] in
            state.withLock { $0.run(requests, timeoutMilliseconds: timeout) }
        }
        return results ?? requests.map { _ in .failure(CurlError(CURLE_FAILED_INIT)) }
    }
}

/// A multi handle and the easy handles it reuses. Lives inside ``CurlMultiClient``'s mutex, so one
/// thread at a time uses it, which is what libcurl asks of a multi handle and its easy handles.
private struct MultiState: ~Copyable {
    private let multi: UnsafeMutableRawPointer?
    private let maxInFlight: Int
    private var idle: [UnsafeMutableRawPointer] = []

    init(maxInFlight: Int) {
        self.maxInFlight = maxInFlight
        multi = curl_multi_init()
        // One connection per transfer in flight, all kept for the next batch.
        _ = sluice_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxInFlight)
        _ = sluice_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxInFlight)
    }

    deinit {
        for handle in idle { curl_easy_cleanup(handle) }
        curl_multi_cleanup(multi)
    }

    /// Runs `requests`, at most the configured number at once, until each has an outcome.
    mutating func run(_ requests: [HTTPRequest], timeoutMilliseconds: Int) -> [Result<HTTPResponse, CurlError>] {
        var results = [Result<HTTPResponse, CurlError>?](repeating: nil, count: requests.count)
        guard let multi else { return requests.map { _ in .failure(CurlError(CURLE_FAILED_INIT)) } }
        var active: [UnsafeMutableRawPointer: (index: Int, transfer: CurlTransfer)] = [:]
        var next = 0
        while next < requests.count || !active.isEmpty {
            // Top up to the limit as transfers finish, so the connections never wait for the slowest one.
            while next < requests.count, active.count < maxInFlight {
                let index = next
                next += 1
                guard let handle = idle.popLast() ?? curl_easy_init() else {
                    results[index] = .failure(CurlError(CURLE_FAILED_INIT))
                    continue
                }
                do {
                    let transfer = try CurlTransfer(handle: handle, request: requests[index], timeoutMilliseconds: timeoutMilliseconds)
                    guard curl_multi_add_handle(multi, handle) == CURLM_OK else { throw CurlError(CURLE_FAILED_INIT) }
                    active[handle] = (index, transfer)
                } catch {
                    results[index] = .failure(error as? CurlError ?? CurlError(CURLE_FAILED_INIT))
                    release(handle)
                }
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            var finished = false
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                    let (index, transfer) = active.removeValue(forKey: handle)
                else { continue }
                let code = message.pointee.data.result
                if code == CURLE_OK, let response = try? transfer.response() {
                    results[index] = .success(response)
                } else {
                    results[index] = .failure(CurlError(code == CURLE_OK ? CURLE_FAILED_INIT : code))
                }
                curl_multi_remove_handle(multi, handle)
                release(handle)
                finished = true
            }
            if !finished, !active.isEmpty {
                _ = curl_multi_poll(multi, nil, 0, 100, nil)
            }
        }
        return results.map { $0 ?? .failure(CurlError(CURLE_FAILED_INIT)) }
    }

    /// Puts `handle` back for the next request, reset to default options.
    private mutating func release(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)
        idle.append(handle)
    }
}
