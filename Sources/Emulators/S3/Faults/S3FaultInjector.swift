import NIOHTTP1
import Synchronization

/// Error answers planned for the next matching requests, consumed one per request.
///
/// A test plans "the next 20 PUTs under `source=stream/` answer 503 SlowDown" and the service answers
/// that many matching requests with the fault, before authentication and before touching the store, so
/// nothing a faulted request carried is stored. Shared by every connection of the server, so the count
/// is over the whole server, not per client.
public final class S3FaultInjector: Sendable {
    /// Which requests a plan applies to.
    public struct Match: Sendable, Equatable {
        /// The HTTP method, or nil for any.
        public var method: String?
        /// A prefix of `bucket/key` (the path without its leading slash), or nil for any.
        public var pathPrefix: String?

        /// Requests with `method` (nil: any) whose `bucket/key` starts with `pathPrefix` (nil: any).
        public init(method: String? = nil, pathPrefix: String? = nil) {
            self.method = method
            self.pathPrefix = pathPrefix
        }

        /// Every PutObject-like request (PUT), optionally under a path prefix.
        public static func put(under pathPrefix: String? = nil) -> Match { Match(method: "PUT", pathPrefix: pathPrefix) }
        /// Every request.
        public static let any = Match()

        func matches(method: HTTPMethod, path: String) -> Bool {
            (self.method == nil || self.method == method.rawValue) && (pathPrefix.map { path.hasPrefix($0) } ?? true)
        }
    }

    private struct Plan {
        var fault: S3Fault
        var match: Match
        var remaining: Int
    }

    private let plans = Mutex<[Plan]>([])
    private let answered = Atomic<Int>(0)

    /// An injector with nothing planned.
    public init() {}

    /// Plans `fault` for the next `count` requests that `match`; plans are used in the order they were made.
    public func failNext(_ count: Int, with fault: S3Fault = .slowDown, matching match: Match = .any) {
        guard count > 0 else { return }
        plans.withLock { $0.append(Plan(fault: fault, match: match, remaining: count)) }
    }

    /// Removes every planned fault.
    public func clear() {
        plans.withLock { $0.removeAll() }
    }

    /// How many requests were answered with a planned fault so far.
    public var faultsAnswered: Int { answered.load(ordering: .relaxed) }

    /// Planned faults not used yet.
    public var pending: Int { plans.withLock { $0.reduce(0) { $0 + $1.remaining } } }

    /// The fault for a request, if one is planned for it; uses it up.
    func take(method: HTTPMethod, path: String) -> S3Fault? {
        let fault: S3Fault? = plans.withLock { plans in
            guard let index = plans.firstIndex(where: { $0.match.matches(method: method, path: path) }) else { return nil }
            let fault = plans[index].fault
            plans[index].remaining -= 1
            if plans[index].remaining == 0 { plans.remove(at: index) }
            return fault
        }
        if fault != nil { answered.add(1, ordering: .relaxed) }
        return fault
    }
}
