import CCurl
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// HTTP over libcurl's multi interface: many requests in flight at once on one thread, over connections
/// kept alive between calls.
///
/// ``CurlHTTPClient`` blocks a thread per transfer, so N requests at once need N threads; run from Swift
/// tasks they would occupy the cooperative pool, which has one thread per core. Here one Dispatch thread
/// (``BlockingWork``) drives up to ``maxInFlight`` transfers (waiting on their sockets with epoll, as
/// ``MultiState`` describes), and the connections stay in the multi handle's cache for the next batch. Requests are set up exactly as
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
///
/// Driven through libcurl's socket interface: libcurl says which sockets to watch and when its next
/// timeout is due (``SocketWatch``), an epoll set waits on them, and only the sockets that are ready are
/// handed back with `curl_multi_socket_action`. `curl_multi_perform` with `curl_multi_poll` would instead
/// poll every connection on every pass, a system call per transfer in flight each time one answer arrives.
private struct MultiState: ~Copyable {
    private let multi: UnsafeMutableRawPointer?
    private let maxInFlight: Int
    private let watch: SocketWatch
    private var idle: [UnsafeMutableRawPointer] = []

    init(maxInFlight: Int) {
        self.maxInFlight = maxInFlight
        multi = curl_multi_init()
        watch = SocketWatch()
        // One connection per transfer in flight, all kept for the next batch.
        _ = sluice_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxInFlight)
        _ = sluice_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxInFlight)
        let context = Unmanaged.passUnretained(watch).toOpaque()
        _ = sluice_curl_multi_setopt_socket_function(multi, SocketWatch.socketChanged)
        _ = sluice_curl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
        _ = sluice_curl_multi_setopt_timer_function(multi, SocketWatch.timerChanged)
        _ = sluice_curl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
    }

    deinit {
        for handle in idle { curl_easy_cleanup(handle) }
        curl_multi_cleanup(multi)
        watch.close()
    }

    /// Runs `requests`, at most the configured number at once, until each has an outcome.
    mutating func run(_ requests: [HTTPRequest], timeoutMilliseconds: Int) -> [Result<HTTPResponse, CurlError>] {
        var results = [Result<HTTPResponse, CurlError>?](repeating: nil, count: requests.count)
        guard let multi, watch.epoll >= 0 else { return requests.map { _ in .failure(CurlError(CURLE_FAILED_INIT)) } }
        var active: [UnsafeMutableRawPointer: (index: Int, transfer: CurlTransfer)] = [:]
        var next = 0
        var ready = (descriptors: [Int32](repeating: 0, count: 64), masks: [Int32](repeating: 0, count: 64))
        var running: Int32 = 0
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
            // A due timeout (new transfers start on one of 0 ms) is served before waiting on sockets.
            if watch.timeoutMilliseconds == 0 {
                watch.timeoutMilliseconds = -1
                _ = curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running)
            } else {
                let wait = watch.timeoutMilliseconds < 0 ? 100 : min(watch.timeoutMilliseconds, 100)
                let count = sluice_epoll_wait(watch.epoll, &ready.descriptors, &ready.masks, 64, Int32(wait))
                if count > 0 {
                    for slot in 0..<Int(count) {
                        _ = curl_multi_socket_action(multi, ready.descriptors[slot], ready.masks[slot], &running)
                    }
                } else if count == 0 {
                    watch.timeoutMilliseconds = -1
                    _ = curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running)
                }
            }
            var queued: Int32 = 0
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

/// What libcurl's socket and timer callbacks tell a ``MultiState``: the epoll set of the sockets libcurl
/// wants watched, and the timeout it asked for last (-1 for none).
private final class SocketWatch {
    let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
    var timeoutMilliseconds = -1
    /// The sockets in the epoll set, so a change is one `epoll_ctl` (add or modify, never a failed try).
    private var watched: Set<curl_socket_t> = []

    func close() {
        if epoll >= 0 { _ = Glibc.close(epoll) }
    }

    static let socketChanged: @convention(c) (UnsafeMutableRawPointer?, curl_socket_t, Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32 = {
        _, socket, what, context, _ in
        guard let context else { return -1 }
        return Unmanaged<SocketWatch>.fromOpaque(context).takeUnretainedValue().change(socket, to: what)
    }

    /// Watches `socket` for `what` (`CURL_POLL_IN`, `_OUT`, `_INOUT`) or stops watching it (`CURL_POLL_REMOVE`).
    private func change(_ socket: curl_socket_t, to what: Int32) -> Int32 {
        if what == CURL_POLL_REMOVE {
            // Removing a socket libcurl has already closed fails harmlessly.
            if watched.remove(socket) != nil { _ = sluice_epoll_watch(epoll, socket, what, 0) }
            return 0
        }
        let known = watched.contains(socket)
        watched.insert(socket)
        return sluice_epoll_watch(epoll, socket, what, known ? 1 : 0) == 0 ? 0 : -1
    }

    static let timerChanged: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32 = {
        _, timeout, context in
        guard let context else { return -1 }
        Unmanaged<SocketWatch>.fromOpaque(context).takeUnretainedValue().timeoutMilliseconds = timeout
        return 0
    }
}
