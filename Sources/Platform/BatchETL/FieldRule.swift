import Contracts

/// The declared rules of one field of a ``RecordSchema``: its type, whether it is required, and optional
/// range, pattern and allowed values. ``check(_:)`` returns why a value breaks them.
///
/// Reasons never repeat the value itself: a field may hold personal data (an email that fails its pattern)
/// and the reason is written to quarantine, which must not hold it in the clear.
public struct FieldRule: Sendable {
    /// The CSV column name.
    public let name: String
    /// The type the value must parse as.
    public let type: FieldType
    /// Whether an empty value is a violation; an empty optional value passes every other rule.
    public let required: Bool
    /// For integer and decimal fields: the inclusive range the number must lie in.
    public let range: ClosedRange<Double>?
    /// An ECMAScript regular expression the whole value must match (anchor it with `^…$`).
    public let pattern: ECMARegex?
    /// The only values accepted, when set.
    public let allowed: [String]?
    /// The longest value accepted, in characters.
    public let maxLength: Int?

    /// Declares a field. A pattern that does not compile is a programming error and traps.
    public init(
        _ name: String, _ type: FieldType, required: Bool = true, range: ClosedRange<Double>? = nil,
        pattern: String? = nil, allowed: [String]? = nil, maxLength: Int? = nil
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.range = range
        self.pattern = pattern.map { source in
            do { return try ECMARegex(source) } catch { preconditionFailure("field \(name): bad pattern \(source): \(error)") }
        }
        self.allowed = allowed
        self.maxLength = maxLength
    }

    /// Why `value` breaks this field's rules, or nil when it keeps them.
    public func check(_ value: String) -> String? {
        if value.isEmpty { return required ? "required value is missing" : nil }
        if let maxLength, value.count > maxLength { return "longer than \(maxLength) characters" }
        switch type {
        case .text:
            break
        case .integer:
            guard let number = Int64(value) else { return "not an integer" }
            if let reason = outOfRange(Double(number)) { return reason }
        case .decimal:
            guard Self.isDecimal(value), let number = Double(value) else { return "not a decimal number" }
            if let reason = outOfRange(number) { return reason }
        case .date:
            guard Self.isDate(value) else { return "not a calendar date (YYYY-MM-DD)" }
        }
        if let pattern, (try? pattern.firstMatch(in: value)) != true { return "does not match \(pattern.pattern)" }
        if let allowed, !allowed.contains(value) { return "not one of \(allowed.joined(separator: ", "))" }
        return nil
    }

    private func outOfRange(_ number: Double) -> String? {
        guard let range, !range.contains(number) else { return nil }
        return "outside \(Self.format(range.lowerBound))…\(Self.format(range.upperBound))"
    }

    private static func format(_ bound: Double) -> String {
        bound == bound.rounded() && abs(bound) < 1e15 ? String(Int64(bound)) : String(bound)
    }

    /// Digits with at most one point and an optional leading minus: no exponent, `inf` or `nan`.
    private static func isDecimal(_ value: String) -> Bool {
        var digits = 0, points = 0
        for (index, byte) in value.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): points += 1
            case UInt8(ascii: "-") where index == 0: break
            default: return false
            }
        }
        return digits > 0 && points <= 1
    }

    /// `YYYY-MM-DD` naming a real day of the Gregorian calendar.
    private static func isDate(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        func number(_ range: Range<Int>) -> Int? {
            var result = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                result = result * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return result
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            year >= 1, (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}
