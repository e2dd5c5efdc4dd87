import Foundation

/// What a stub answers with, before templating, delays and faults are applied by the renderer.
public struct ResponseDefinition: Sendable {
    /// Where the response body comes from.
    public enum Body: Sendable {
        case empty
        case text(String)
        case bytes([UInt8])
        /// A file under `__files/`, read when the stub is served so edits show up without a reload.
        case file(String)
    }

    /// A random extra delay, WireMock's `delayDistribution`.
    public enum DelayDistribution: Sendable {
        case uniform(lower: Int, upper: Int)
        case lognormal(median: Double, sigma: Double)

        /// One sample, in milliseconds.
        func sample() -> Int {
            switch self {
            case let .uniform(lower, upper):
                return Int.random(in: lower...max(lower, upper))
            case let .lognormal(median, sigma):
                // Box-Muller for a standard normal, then exp(μ + σZ) with μ = ln(median).
                let u1 = Double.random(in: Double.ulpOfOne..<1)
                let u2 = Double.random(in: 0..<1)
                let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
                // Capped, since the distribution's tail is unbounded.
                return Int(min((median * exp(sigma * normal)).rounded(), Double(MappingDecoder.maximumDelay)))
            }
        }
    }

    /// A deliberately broken answer, WireMock's `fault`.
    public enum Fault: String, Sendable, CaseIterable {
        case connectionResetByPeer = "CONNECTION_RESET_BY_PEER"
        case emptyResponse = "EMPTY_RESPONSE"
        case malformedResponseChunk = "MALFORMED_RESPONSE_CHUNK"
        case randomDataThenClose = "RANDOM_DATA_THEN_CLOSE"
    }

    public var status = 200
    public var statusMessage: String?
    public var headers: [(name: String, value: String)] = []
    public var body: Body = .empty
    public var fixedDelayMilliseconds: Int?
    public var delayDistribution: DelayDistribution?
    /// The body is sent in this many chunks spread over this many milliseconds.
    public var chunkedDribbleDelay: (numberOfChunks: Int, totalDuration: Int)?
    public var fault: Fault?
    public var transformers: [String] = []
    public var proxyBaseUrl: String?
    public var additionalProxyRequestHeaders: [(name: String, value: String)] = []

    public init() {}

    /// Whether `response-template` applies to this response.
    public var isTemplated: Bool { transformers.contains("response-template") }
}
