#if canImport(Glibc)
import Glibc
#endif

/// The STG typing rules of `infra/dbt/models/staging/stg_traffic.sql`, on the raw bytes of one field.
///
/// Each function is the SQL's try-cast: text that does not parse gives nil (NULL), never an error. The
/// rules are restated in golden/traffic/README.md; where engines differ (trimming tabs, `1_000`), this
/// follows the README: spaces (U+0020) are trimmed, numbers are `[+-]?(d+[.d*]|.d+)([eE][+-]?d+)?`.
enum TrafficFieldParser {
    /// The field without leading and trailing spaces.
    @inline(__always)
    static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var low = 0
        var high = field.count
        while low < high, field[low] == 0x20 { low += 1 }
        while high > low, field[high - 1] == 0x20 { high -= 1 }
        return UnsafeBufferPointer(rebasing: field[low..<high])
    }

    /// `try_cast(trim(x) as double)`, then kept only within `range` (which also drops NaN and infinities).
    @inline(__always)
    static func double(_ field: UnsafeBufferPointer<UInt8>, within range: ClosedRange<Double>) -> Double? {
        guard let value = double(trimmed(field)), range.contains(value) else { return nil }
        return value
    }

    /// A decimal or scientific number, or nil. Up to 15 significant digits and a power of ten within ±22
    /// are exact in doubles, so the result is computed directly (one correctly rounded operation); longer
    /// numbers go to strtod, which rounds correctly too.
    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = text.count
        var p = 0
        var negative = false
        if p < count, text[p] == UInt8(ascii: "+") || text[p] == UInt8(ascii: "-") {
            negative = text[p] == UInt8(ascii: "-")
            p += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        while p < count, text[p] &- 0x30 < 10 {
            let digit = UInt64(text[p] &- 0x30)
            if mantissa != 0 || digit != 0 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ digit } else { exponent += 1 }
            digits += 1
            p += 1
        }
        if p < count, text[p] == UInt8(ascii: ".") {
            p += 1
            while p < count, text[p] &- 0x30 < 10 {
                let digit = UInt64(text[p] &- 0x30)
                if mantissa != 0 || digit != 0 { significant += 1 }
                if significant <= 19 {
                    mantissa = mantissa &* 10 &+ digit
                    exponent -= 1
                }
                digits += 1
                p += 1
            }
        }
        guard digits > 0 else { return nil }
        if p < count, text[p] | 0x20 == UInt8(ascii: "e") {
            p += 1
            var exponentNegative = false
            if p < count, text[p] == UInt8(ascii: "+") || text[p] == UInt8(ascii: "-") {
                exponentNegative = text[p] == UInt8(ascii: "-")
                p += 1
            }
            var written = 0
            var value = 0
            while p < count, text[p] &- 0x30 < 10 {
                if value < 100_000 { value = value * 10 + Int(text[p] &- 0x30) }
                written += 1
                p += 1
            }
            guard written > 0 else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard p == count else { return nil }
        if significant <= 15, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= powersOfTen[-exponent] } else { value *= powersOfTen[exponent] }
            return negative ? -value : value
        }
        return slowDouble(text)
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// strtod on a NUL-terminated copy; only called for text the grammar above accepted.
    private static func slowDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { copy in
            for index in 0..<text.count { copy[index] = CChar(bitPattern: text[index]) }
            copy[text.count] = 0
            return strtod(copy.baseAddress!, nil)
        }
    }

    /// `vehicle_count`: the double when it is whole and within ±1e15, else nil.
    @inline(__always)
    static func wholeCount(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let value = double(field, within: -1e15...1e15), value == value.rounded(.down) else { return nil }
        return Int64(value)
    }

    /// `measured_at_utc` as microseconds since 1970-01-01 UTC: after trimming and dropping one trailing
    /// `Z`, exactly `YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}]` with year ≥ 1, hour ≤ 23, minute and second ≤ 59
    /// and a date that exists; else nil.
    static func timestampMicros(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var text = trimmed(field)
        if let last = text.last, last == UInt8(ascii: "Z") { text = UnsafeBufferPointer(rebasing: text.dropLast()) }
        let count = text.count
        guard count == 19 || (21...26).contains(count) else { return nil }
        @inline(__always) func digit(_ index: Int) -> Int? {
            let value = text[index] &- 0x30
            return value < 10 ? Int(value) : nil
        }
        @inline(__always) func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for index in from..<(from + length) {
                guard let d = digit(index) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
              text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: " "),
              text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var micros = 0
        if count > 19 {
            guard text[19] == UInt8(ascii: "."), let fraction = number(20, count - 20) else { return nil }
            micros = fraction
            for _ in (count - 20)..<6 { micros *= 10 }
        }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let days = Int64(daysSinceEpoch(year: year, month: month, day: day))
        return (days * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1_000_000 + Int64(micros)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `incident_flag`: TRUE/T/1/YES/Y true, FALSE/F/0/NO/N false (any case, trimmed), else nil.
    static func flag(_ field: UnsafeBufferPointer<UInt8>) -> Bool? {
        let text = trimmed(field)
        var word: UInt64 = 0
        guard text.count <= 5 else { return nil }
        for byte in text {
            let upper = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
            word = word << 8 | UInt64(upper)
        }
        switch word {
        case 0x54_52_55_45, 0x54, 0x31, 0x59_45_53, 0x59: return true            // TRUE T 1 YES Y
        case 0x46_41_4C_53_45, 0x46, 0x30, 0x4E_4F, 0x4E: return false           // FALSE F 0 NO N
        default: return nil
        }
    }

    /// LOW 1, MEDIUM 2, HIGH 3 for an upper-cased, trimmed level; else nil.
    static func congestionRank(_ level: UnsafeBufferPointer<UInt8>) -> Int32? {
        var word: UInt64 = 0
        guard level.count <= 6 else { return nil }
        for byte in level { word = word << 8 | UInt64(byte) }
        switch word {
        case 0x4C_4F_57: return 1                        // LOW
        case 0x4D_45_44_49_55_4D: return 2               // MEDIUM
        case 0x48_49_47_48: return 3                     // HIGH
        default: return nil
        }
    }
}
