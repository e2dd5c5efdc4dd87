import Contracts

/// A W3C trace context (https://www.w3.org/TR/trace-context/): the trace a piece of work belongs to and
/// the span that did it, as carried in an envelope's `traceparent` and in the JSON logs.
///
/// A run starts a root context; every event it publishes carries a ``child()`` of it (same trace id,
/// own span id), so the events and the log lines of one run share one trace id. Work on an input that
/// already carries a trace (a message whose producer stamped one) continues that trace instead.
public struct TraceContext: Sendable, Equatable {
    /// 32 lowercase hex digits, never all zero.
    public let traceID: String
    /// 16 lowercase hex digits, never all zero.
    public let spanID: String
    /// The `sampled` flag of the trace flags.
    public let sampled: Bool

    private init(traceID: String, spanID: String, sampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
    }

    /// A new trace with a new span: the start of a run.
    public static func root() -> TraceContext {
        TraceContext(traceID: Self.randomHex(words: 2), spanID: Self.randomHex(words: 1), sampled: true)
    }

    /// A new span in the same trace.
    public func child() -> TraceContext {
        TraceContext(traceID: traceID, spanID: Self.randomHex(words: 1), sampled: sampled)
    }

    /// The `traceparent` header value, version 00: `00-<trace id>-<span id>-<flags>`.
    public var traceparent: String {
        "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")"
    }

    /// Parses a `traceparent`; nil when it is not one (wrong shape, upper case, all-zero ids, version ff).
    ///
    /// A version above 00 is read by its first four fields, as the specification asks of a version-00
    /// reader, so a newer producer's trace is still continued.
    public init?(traceparent: String) {
        // Checked byte by byte: the stream consumer reads one from every message it lands.
        let bytes = Array(traceparent.utf8)
        let dash = UInt8(ascii: "-")
        guard bytes.count >= 55, bytes[2] == dash, bytes[35] == dash, bytes[52] == dash else { return nil }
        let version = bytes[0..<2], traceID = bytes[3..<35], spanID = bytes[36..<52], flags = bytes[53..<55]
        // Version 00 has exactly these four fields; a later version may append more after a dash.
        guard Self.isHex(version), !version.elementsEqual("ff".utf8), Self.isHex(traceID), Self.isHex(spanID), Self.isHex(flags),
            version.elementsEqual("00".utf8) ? bytes.count == 55 : (bytes.count == 55 || bytes[55] == dash),
            traceID.contains(where: { $0 != UInt8(ascii: "0") }), spanID.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        let sampled = (Self.hexValue(flags[flags.endIndex - 1]) & 1) == 1
        self.init(traceID: String(decoding: traceID, as: UTF8.self), spanID: String(decoding: spanID, as: UTF8.self), sampled: sampled)
    }

    private static func isHex(_ text: ArraySlice<UInt8>) -> Bool {
        text.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The value of one lowercase hex digit.
    private static func hexValue(_ digit: UInt8) -> UInt8 {
        digit <= 0x39 ? digit - 0x30 : digit - 0x61 + 10
    }

    /// `words` random 64-bit words as hex; a zero word is drawn again (an all-zero id is invalid).
    private static func randomHex(words: Int) -> String {
        (0..<words).map { _ in RandomIdentifiers.nonZeroWord() }.withUnsafeBytes { LowercaseHex.text(of: $0) }
    }
}
