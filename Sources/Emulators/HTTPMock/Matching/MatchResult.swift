/// The outcome of testing a request, or one part of it, against a stub: exact or not, and how far off.
///
/// The distance (0 exact … 1 nothing alike) is what ranks near misses. It is computed lazily, because
/// serving a request only needs `isExactMatch` and a string distance over a thousand stubs would cost
/// more than the matching itself (WireMock's `MatchResult` is lazy for the same reason).
public struct MatchResult: Sendable {
    public let isExactMatch: Bool
    private let computeDistance: @Sendable () -> Double

    public init(isExactMatch: Bool, distance: @escaping @Sendable () -> Double) {
        self.isExactMatch = isExactMatch
        self.computeDistance = distance
    }

    /// 0 for an exact match, otherwise in (0, 1].
    public var distance: Double { isExactMatch ? 0 : max(computeDistance(), 0.000_001) }

    public static let exactMatch = MatchResult(isExactMatch: true) { 0 }
    public static let noMatch = MatchResult(isExactMatch: false) { 1 }

    /// Exact or a total miss.
    public static func of(_ matched: Bool) -> MatchResult { matched ? exactMatch : noMatch }

    /// The weighted mean of several results; exact only if all are.
    public static func aggregate(_ parts: [(result: MatchResult, weight: Double)]) -> MatchResult {
        guard !parts.isEmpty else { return exactMatch }
        let exact = parts.allSatisfy(\.result.isExactMatch)
        return MatchResult(isExactMatch: exact) {
            let total = parts.reduce(0) { $0 + $1.weight }
            return parts.reduce(0) { $0 + $1.result.distance * $1.weight } / total
        }
    }
}
