/// A set of Unicode scalars: an ASCII bitmap for the common case, ranges and general categories
/// (`\p{…}`) for the rest, optionally negated.
struct RegexCharSet: Sendable {
    var asciiLow: UInt64 = 0
    var asciiHigh: UInt64 = 0
    var ranges: [ClosedRange<UInt32>] = []
    var categories: [Unicode.GeneralCategory] = []
    var negatedCategories: [Unicode.GeneralCategory] = []
    /// Nested sets whose complement is included (for `\D`, `\W`, `\S`, `\P{…}` inside a class).
    var complements: [RegexCharSet] = []
    var negated = false

    mutating func insert(_ range: ClosedRange<UInt32>) {
        var lo = range.lowerBound
        while lo <= range.upperBound, lo < 128 {
            if lo < 64 { asciiLow |= 1 << UInt64(lo) } else { asciiHigh |= 1 << UInt64(lo - 64) }
            lo += 1
        }
        if lo <= range.upperBound { ranges.append(lo...range.upperBound) }
    }

    mutating func insert(_ scalar: UInt32) { insert(scalar...scalar) }

    mutating func formUnion(_ other: RegexCharSet) {
        if other.negated {
            var positive = other
            positive.negated = false
            complements.append(positive)
            return
        }
        asciiLow |= other.asciiLow
        asciiHigh |= other.asciiHigh
        ranges += other.ranges
        categories += other.categories
        negatedCategories += other.negatedCategories
        complements += other.complements
    }

    func contains(_ c: UInt32) -> Bool {
        containsIgnoringNegation(c) != negated
    }

    private func containsIgnoringNegation(_ c: UInt32) -> Bool {
        if c < 64 { if asciiLow & (1 << UInt64(c)) != 0 { return true } }
        else if c < 128 { if asciiHigh & (1 << UInt64(c - 64)) != 0 { return true } }
        for r in ranges where r.contains(c) { return true }
        if !categories.isEmpty || !negatedCategories.isEmpty, let scalar = Unicode.Scalar(c) {
            let category = scalar.properties.generalCategory
            if categories.contains(category) { return true }
            if !negatedCategories.isEmpty, !negatedCategories.contains(category) { return true }
        }
        for set in complements where !set.contains(c) { return true }
        return false
    }

    static let digits: RegexCharSet = { var s = RegexCharSet(); s.insert(0x30...0x39); return s }()

    static let word: RegexCharSet = {
        var s = RegexCharSet()
        s.insert(0x30...0x39); s.insert(0x41...0x5A); s.insert(0x61...0x7A); s.insert(0x5F)
        return s
    }()

    /// ECMA-262 WhiteSpace and LineTerminator.
    static let space: RegexCharSet = {
        var s = RegexCharSet()
        for c: UInt32 in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF] {
            s.insert(c)
        }
        s.insert(0x2000...0x200A)
        return s
    }()

    /// `.`: everything but the line terminators.
    static let dot: RegexCharSet = {
        var s = RegexCharSet()
        for c: UInt32 in [0x0A, 0x0D, 0x2028, 0x2029] { s.insert(c) }
        s.negated = true
        return s
    }()

    func inverted() -> RegexCharSet {
        var s = self
        s.negated.toggle()
        return s
    }

    /// The general categories named by `\p{…}` (short and long names, and the one-letter groups).
    static func categories(named name: String) -> [Unicode.GeneralCategory]? {
        typealias C = Unicode.GeneralCategory
        let table: [String: [C]] = [
            "L": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter],
            "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter],
            "LC": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter],
            "Lm": [.modifierLetter], "Lo": [.otherLetter],
            "M": [.nonspacingMark, .spacingMark, .enclosingMark],
            "Mn": [.nonspacingMark], "Mc": [.spacingMark], "Me": [.enclosingMark],
            "N": [.decimalNumber, .letterNumber, .otherNumber],
            "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber],
            "P": [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                  .initialPunctuation, .finalPunctuation, .otherPunctuation],
            "Pc": [.connectorPunctuation], "Pd": [.dashPunctuation], "Ps": [.openPunctuation],
            "Pe": [.closePunctuation], "Pi": [.initialPunctuation], "Pf": [.finalPunctuation],
            "Po": [.otherPunctuation],
            "S": [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol],
            "Sm": [.mathSymbol], "Sc": [.currencySymbol], "Sk": [.modifierSymbol], "So": [.otherSymbol],
            "Z": [.spaceSeparator, .lineSeparator, .paragraphSeparator],
            "Zs": [.spaceSeparator], "Zl": [.lineSeparator], "Zp": [.paragraphSeparator],
            "C": [.control, .format, .surrogate, .privateUse, .unassigned],
            "Cc": [.control], "Cf": [.format], "Cs": [.surrogate], "Co": [.privateUse], "Cn": [.unassigned],
        ]
        let long: [String: String] = [
            "Letter": "L", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll", "Titlecase_Letter": "Lt",
            "Cased_Letter": "LC", "Modifier_Letter": "Lm", "Other_Letter": "Lo", "Mark": "M",
            "Nonspacing_Mark": "Mn", "Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Number": "N",
            "Decimal_Number": "Nd", "digit": "Nd", "Letter_Number": "Nl", "Other_Number": "No",
            "Punctuation": "P", "punct": "P", "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd",
            "Open_Punctuation": "Ps", "Close_Punctuation": "Pe", "Initial_Punctuation": "Pi",
            "Final_Punctuation": "Pf", "Other_Punctuation": "Po", "Symbol": "S", "Math_Symbol": "Sm",
            "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk", "Other_Symbol": "So", "Separator": "Z",
            "Space_Separator": "Zs", "Line_Separator": "Zl", "Paragraph_Separator": "Zp", "Other": "C",
            "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Surrogate": "Cs", "Private_Use": "Co",
            "Unassigned": "Cn",
        ]
        var key = name
        for prefix in ["General_Category=", "gc="] where key.hasPrefix(prefix) { key = String(key.dropFirst(prefix.count)) }
        return table[long[key] ?? key]
    }
}
