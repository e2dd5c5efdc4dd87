/// A JSON number with its exact decimal value.
///
/// Integers that fit 64 bits are stored as `Int64` (the fast path for the usual `minimum: 0`);
/// anything else is kept as normalised decimal digits and an exponent, never rounded through
/// `Double`, so that `1.0 == 1`, `12345678901234567890 > 12345678901234567889` and
/// `0.0075` is a multiple of `0.0001`, as JSON Schema's numeric keywords require.
public struct JSONNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Normalised decimal: value = ±0.d₁d₂…dₙ × 10^exponent, d₁ ≠ 0, dₙ ≠ 0.
    struct Decimal: Sendable, Hashable {
        let negative: Bool
        let digits: [UInt8]
        let exponent: Int
    }

    enum Storage: Sendable, Hashable {
        case int(Int64)
        case decimal(Decimal)
    }

    let storage: Storage

    public init(_ value: Int64) { storage = .int(value) }

    public init(_ value: Int) { storage = .int(Int64(value)) }

    init(storage: Storage) { self.storage = storage }

    /// Builds a number from the parts of a JSON literal; an integral value that fits 64 bits becomes
    /// an `Int64` whatever its spelling (`1.0`, `1e2`), so equal values have equal storage.
    init(negative: Bool, significand rawDigits: some Collection<UInt8>, pointExponent: Int) {
        var digits = Array(rawDigits)
        var exponent = pointExponent
        var leading = 0
        while leading < digits.count, digits[leading] == 0 { leading += 1 }
        if leading == digits.count {
            storage = .int(0)
            return
        }
        exponent -= leading
        digits.removeFirst(leading)
        while let last = digits.last, last == 0 { digits.removeLast() }
        if exponent >= digits.count, exponent <= 19 {
            var magnitude: UInt64 = 0
            var fits = true
            for i in 0..<exponent {
                let d = UInt64(i < digits.count ? digits[i] : 0)
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { fits = false; break }
                magnitude = s
            }
            if fits {
                if negative, magnitude <= UInt64(Int64.max) + 1 {
                    storage = .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
                    return
                }
                if !negative, magnitude <= UInt64(Int64.max) {
                    storage = .int(Int64(magnitude))
                    return
                }
            }
        }
        storage = .decimal(Decimal(negative: negative, digits: digits, exponent: exponent))
    }

    /// Parses a JSON number literal such as `-12.5e3`; `nil` when it is not one.
    public init?(literal: String) {
        guard let value = try? JSONParser.parse(literal, maxDepth: 1), case .number(let n) = value else { return nil }
        self = n
    }

    /// True when the value has no fractional part (`1.0` is an integer, as JSON Schema says).
    public var isInteger: Bool {
        switch storage {
        case .int: true
        case .decimal(let d): d.exponent >= d.digits.count
        }
    }

    /// The value when it is an integer that fits `Int64`.
    public var int64Value: Int64? {
        if case .int(let v) = storage { return v }
        return nil
    }

    /// The nearest `Double` (may be infinite for huge values).
    public var doubleValue: Double {
        switch storage {
        case .int(let v): return Double(v)
        case .decimal(let d):
            var text = d.negative ? "-0." : "0."
            text.unicodeScalars.append(contentsOf: d.digits.map { Unicode.Scalar($0 + 48) })
            text += "e\(d.exponent)"
            return Double(text) ?? (d.negative ? -.infinity : .infinity)
        }
    }

    var decimal: Decimal {
        switch storage {
        case .decimal(let d): return d
        case .int(let v):
            if v == 0 { return Decimal(negative: false, digits: [], exponent: 0) }
            var digits = Array(String(v.magnitude).utf8.map { $0 - 48 })
            let exponent = digits.count
            while let last = digits.last, last == 0 { digits.removeLast() }
            return Decimal(negative: v < 0, digits: digits, exponent: exponent)
        }
    }

    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if case .int(let a) = lhs.storage, case .int(let b) = rhs.storage { return a < b }
        return compare(lhs.decimal, rhs.decimal) < 0
    }

    /// -1, 0 or 1, exactly.
    static func compare(_ a: Decimal, _ b: Decimal) -> Int {
        let aZero = a.digits.isEmpty, bZero = b.digits.isEmpty
        if aZero && bZero { return 0 }
        let aSign = aZero ? 0 : (a.negative ? -1 : 1)
        let bSign = bZero ? 0 : (b.negative ? -1 : 1)
        if aSign != bSign { return aSign < bSign ? -1 : 1 }
        let magnitude = compareMagnitude(a, b)
        return aSign < 0 ? -magnitude : magnitude
    }

    private static func compareMagnitude(_ a: Decimal, _ b: Decimal) -> Int {
        if a.exponent != b.exponent { return a.exponent < b.exponent ? -1 : 1 }
        for i in 0..<min(a.digits.count, b.digits.count) where a.digits[i] != b.digits[i] {
            return a.digits[i] < b.digits[i] ? -1 : 1
        }
        if a.digits.count == b.digits.count { return 0 }
        return a.digits.count < b.digits.count ? -1 : 1
    }

    /// True when `self / divisor` is an integer, computed exactly for up to 18 significant digits
    /// (modular arithmetic, so `1e308` against `0.123456789` neither overflows nor rounds) and with
    /// `Double` beyond that. `divisor` must be positive.
    public func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .int(let a) = storage, case .int(let b) = divisor.storage, b != 0 { return a % b == 0 }
        let a = decimal, b = divisor.decimal
        if a.digits.isEmpty { return true }
        if b.digits.isEmpty { return false }
        if a.digits.count <= 18, b.digits.count <= 18 {
            let bigA = Self.integer(a.digits), bigB = Self.integer(b.digits)
            let ea = a.exponent - a.digits.count, eb = b.exponent - b.digits.count
            if ea >= eb {
                // (A · 10^k) mod B == 0
                let tenPow = Self.powMod(10, ea - eb, bigB)
                return Self.mulMod(bigA % bigB, tenPow, bigB) == 0
            }
            // A mod (B · 10^m) == 0, and B · 10^m > A when it overflows.
            var modulus = bigB
            for _ in 0..<(eb - ea) {
                let (m, overflow) = modulus.multipliedReportingOverflow(by: 10)
                if overflow { return false }
                modulus = m
            }
            return bigA % modulus == 0
        }
        let q = doubleValue / divisor.doubleValue
        return q.isFinite && q.rounded(.towardZero) == q
    }

    private static func integer(_ digits: [UInt8]) -> UInt64 {
        digits.reduce(0) { $0 * 10 + UInt64($1) }
    }

    private static func mulMod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((high: product.high, low: product.low)).remainder
    }

    private static func powMod(_ base: UInt64, _ exponent: Int, _ m: UInt64) -> UInt64 {
        var result: UInt64 = 1 % m, b = base % m, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = mulMod(result, b, m) }
            b = mulMod(b, b, m)
            e >>= 1
        }
        return result
    }

    /// The shortest exact JSON spelling.
    public var description: String {
        switch storage {
        case .int(let v): return String(v)
        case .decimal(let d):
            let digits = String(decoding: d.digits.map { $0 + 48 }, as: UTF8.self)
            let sign = d.negative ? "-" : ""
            if d.exponent > d.digits.count, d.exponent <= 21 {
                return sign + digits + String(repeating: "0", count: d.exponent - d.digits.count)
            }
            if d.exponent > 0, d.exponent < d.digits.count {
                let split = digits.index(digits.startIndex, offsetBy: d.exponent)
                return sign + digits[..<split] + "." + digits[split...]
            }
            if d.exponent <= 0, d.exponent > -6 {
                return sign + "0." + String(repeating: "0", count: -d.exponent) + digits
            }
            let head = digits.prefix(1), tail = digits.dropFirst()
            return sign + head + (tail.isEmpty ? "" : "." + tail) + "e\(d.exponent - 1)"
        }
    }
}
