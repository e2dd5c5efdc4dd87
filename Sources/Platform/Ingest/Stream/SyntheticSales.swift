import Contracts
import Foundation

/// Synthetic retail sales, `retail.sale.v1` envelopes, for the sales stream, its sink and their benchmark.
///
/// Sale `index` is a pure function of the seed, the start time and the index: the same three always
/// give the same event, byte for byte, so a run can be reproduced and a test can compute what the sink
/// must end up with. Prices are whole cents, so sums of `qty × price` are exact in any decimal type.
public struct SyntheticSales: Sendable {
    /// The seed every field derives from.
    public let seed: UInt64
    /// `ts` of sale 0, in milliseconds since the Unix epoch; sale `i` happens `i × spacing` later.
    public let startMilliseconds: Int64
    /// Event time between two consecutive sales, in milliseconds.
    public let spacingMilliseconds: Int64
    /// Stores `1…stores` sell.
    public let stores: Int

    /// The fields of one sale, as the contract names them.
    public struct Sale: Sendable, Equatable {
        /// The sale's id, a lower-case UUID.
        public let eventID: String
        /// The store.
        public let storeID: Int
        /// The SKU sold.
        public let sku: String
        /// Units sold.
        public let qty: Int
        /// Event time, milliseconds since the epoch.
        public let ts: Int64
        /// Unit price in cents.
        public let priceCents: Int
    }

    /// Creates a generator.
    public init(seed: UInt64, startMilliseconds: Int64, spacingMilliseconds: Int64 = 100, stores: Int = 50) {
        self.seed = seed
        self.startMilliseconds = startMilliseconds
        self.spacingMilliseconds = spacingMilliseconds
        self.stores = max(1, stores)
    }

    /// The fields of sale `index`.
    public func sale(_ index: Int) -> Sale {
        // Each index starts its own stream (a multiplier unrelated to SplitMix's increment, so the streams of
        // neighbouring indexes do not overlap).
        var random = SplitMix64(state: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        let high = random.next(), low = random.next(), shape = random.next()
        return Sale(
            eventID: Self.uuidV4(high: high, low: low),
            storeID: 1 + Int(shape % UInt64(stores)),
            sku: "SKU-" + Self.zeroPadded(Int((shape >> 16) % 5000), width: 5),
            qty: 1 + Int((shape >> 32) % 5),
            ts: startMilliseconds + Int64(index) * spacingMilliseconds,
            priceCents: 99 + Int((shape >> 40) % 20_000))
    }

    /// Sale `index` as its `retail.sale.v1` envelope; the envelope's id is the sale's id and its time the sale's.
    public func envelope(_ index: Int) -> JSONValue {
        let sale = sale(index)
        let price = JSONNumber(literal: "\(sale.priceCents / 100).\(Self.zeroPadded(sale.priceCents % 100, width: 2))") ?? JSONNumber(0)
        return EventEnvelope.make(
            type: PlatformTopics.sales, source: "/sluice/source/sales", id: sale.eventID,
            now: Date(timeIntervalSince1970: Double(sale.ts) / 1000),
            data: .object(JSONObject([
                .init(key: "event_id", value: .string(sale.eventID)),
                .init(key: "store_id", value: .number(JSONNumber(sale.storeID))),
                .init(key: "sku", value: .string(sale.sku)),
                .init(key: "qty", value: .number(JSONNumber(sale.qty))),
                .init(key: "ts", value: .number(JSONNumber(sale.ts))),
                .init(key: "price", value: .number(price)),
            ])))
    }

    /// A version 4 UUID text made from 128 bits.
    static func uuidV4(high: UInt64, low: UInt64) -> String {
        let a = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000
        let b = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000
        let hex = hexDigits(a, count: 16) + hexDigits(b, count: 16)
        var text = ""
        text.reserveCapacity(36)
        for (offset, character) in hex.enumerated() {
            if offset == 8 || offset == 12 || offset == 16 || offset == 20 { text.append("-") }
            text.append(character)
        }
        return text
    }

    private static func hexDigits(_ value: UInt64, count: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: count - digits.count) + digits
    }

    private static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator; the same seed gives the same stream
    /// on every platform, which `SystemRandomNumberGenerator` does not promise.
    struct SplitMix64 {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
