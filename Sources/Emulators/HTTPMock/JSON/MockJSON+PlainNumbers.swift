extension MockJSON {
    /// A copy with every number in plain decimal notation without trailing zeros (`2.50` → `2.5`,
    /// `1e3` → `1000`, `-0.0` → `0`), which is how WireMock's Jackson writes a `jsonBody` back out
    /// (`BigDecimal.stripTrailingZeros().toPlainString()`). Clients comparing bytes see the same body.
    public var withPlainNumbers: MockJSON {
        switch self {
        case let .number(text): .number(Self.plainNumber(text))
        case let .array(values): .array(values.map(\.withPlainNumbers))
        case let .object(members): .object(members.map { ($0.key, $0.value.withPlainNumbers) })
        default: self
        }
    }

    static func plainNumber(_ text: String) -> String {
        var mantissa = Substring(text)
        var exponent = 0
        if let marker = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(mantissa[mantissa.index(after: marker)...].replacingOccurrences(of: "+", with: "")) ?? 0
            mantissa = mantissa[..<marker]
        }
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(parts[0] + (parts.count > 1 ? parts[1] : ""))
        // The decimal point sits after `point` digits.
        var point = parts[0].count + exponent
        while digits.count > 1, digits.first == "0", point > 1 || (point <= 0 && digits.count > 1) {
            digits.removeFirst()
            point -= 1
        }
        if point <= 0 {
            digits = Array(repeating: "0", count: 1 - point) + digits
            point = 1
        }
        if digits.count < point { digits += Array(repeating: "0", count: point - digits.count) }
        var integer = String(digits[..<point])
        var fraction = String(digits[point...])
        while fraction.hasSuffix("0") { fraction.removeLast() }
        while integer.count > 1, integer.hasPrefix("0") { integer.removeFirst() }
        let plain = fraction.isEmpty ? integer : "\(integer).\(fraction)"
        return negative && plain != "0" ? "-" + plain : plain
    }
}
