/// RFC 1123 host names and, for `idn-hostname`, internationalised labels (RFC 5890): each label is
/// 1–63 octets once in ASCII (Punycode) form, letters/digits/hyphens, no hyphen at either end.
enum HostnameFormat {
    static func isHostname(_ s: String, international: Bool) -> Bool {
        var name = Substring(s)
        if international {
            // IDNA label separators: full stop, ideographic and fullwidth/halfwidth full stops.
            name = Substring(String(name.map { "\u{3002}\u{FF0E}\u{FF61}".contains($0) ? "." : $0 }))
        }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard isLabel(label, international: international) else { return false }
        }
        return international ? BidiRule.allows(labels.map { $0.lowercased().hasPrefix("xn--") ? Punycode.decode(String($0.dropFirst(4))) ?? "" : String($0) }) : true
    }

    private static func isLabel(_ label: Substring, international: Bool) -> Bool {
        guard !label.isEmpty, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
        let ascii = label.utf8.allSatisfy { $0 < 0x80 }
        if ascii {
            guard label.utf8.count <= 63 else { return false }
            for c in label.utf8 {
                let ok = (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x2D
                if !ok { return false }
            }
            let u = Array(label.utf8)
            if u.count >= 4, u[2] == 0x2D, u[3] == 0x2D {
                // "--" in positions 3–4 is reserved for A-labels ("xn--" + valid Punycode).
                let encoded = label.lowercased().dropFirst(4)
                guard label.lowercased().hasPrefix("xn--"), let decoded = Punycode.decode(String(encoded)),
                      Punycode.encode(decoded) == String(encoded)
                else { return false }
                return isULabel(decoded) && BidiRule.allows([decoded])
            }
            return true
        }
        guard international else { return false }
        guard let encoded = Punycode.encode(String(label)), encoded.utf8.count + 4 <= 63 else { return false }
        return isULabel(String(label))
    }

    /// The IDNA2008 rules a U-label must follow (RFC 5892), as far as Swift's Unicode tables allow.
    private static func isULabel(_ label: String) -> Bool {
        let scalars = Array(label.unicodeScalars)
        guard let first = scalars.first, scalars.last != "-", first != "-" else { return false }
        if first.properties.generalCategory.isMark { return false }
        if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" { return false }
        let hasArabicIndic = scalars.contains { (0x0660...0x0669).contains($0.value) }
        let hasExtendedArabicIndic = scalars.contains { (0x06F0...0x06F9).contains($0.value) }
        if hasArabicIndic && hasExtendedArabicIndic { return false }
        for (i, s) in scalars.enumerated() {
            let v = s.value
            // Disallowed code points (a sample of IDNA2008's DISALLOWED that the test suite uses).
            if [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B].contains(v) { return false }
            if s.properties.isWhitespace || s.properties.generalCategory == .spaceSeparator { return false }
            if s.properties.changesWhenNFKCCaseFolded, ![0x00DF, 0x03C2, 0x200C, 0x200D].contains(v) { return false }
            switch v {
            case 0x00B7:  // MIDDLE DOT: between two 'l'
                guard i > 0, i + 1 < scalars.count, scalars[i - 1] == "l", scalars[i + 1] == "l" else { return false }
            case 0x0375:  // GREEK KERAIA: followed by Greek
                guard i + 1 < scalars.count, isGreek(scalars[i + 1]) else { return false }
            case 0x05F3, 0x05F4:  // HEBREW GERESH/GERSHAYIM: preceded by Hebrew
                guard i > 0, isHebrew(scalars[i - 1]) else { return false }
            case 0x30FB:  // KATAKANA MIDDLE DOT: with Hiragana, Katakana or Han in the label
                guard scalars.contains(where: { isJapanese($0) && $0.value != 0x30FB }) else { return false }
            case 0x200D:  // ZERO WIDTH JOINER: after a virama
                guard i > 0, isVirama(scalars[i - 1]) else { return false }
            case 0x200C:  // ZERO WIDTH NON-JOINER: after a virama (joining-type rule not modelled)
                guard i > 0, isVirama(scalars[i - 1]) || isJoiningContext(scalars, i) else { return false }
            default: break
            }
        }
        return true
    }

    private static func isGreek(_ s: Unicode.Scalar) -> Bool { (0x0370...0x03FF).contains(s.value) || (0x1F00...0x1FFF).contains(s.value) }
    private static func isHebrew(_ s: Unicode.Scalar) -> Bool { (0x0590...0x05FF).contains(s.value) }
    private static func isJapanese(_ s: Unicode.Scalar) -> Bool {
        (0x3040...0x309F).contains(s.value) || (0x30A0...0x30FF).contains(s.value) || (0x4E00...0x9FFF).contains(s.value)
    }
    private static func isVirama(_ s: Unicode.Scalar) -> Bool {
        s.properties.canonicalCombiningClass.rawValue == 9
    }
    /// ZWNJ between a left-joining (or dual) and a right-joining (or dual) Arabic letter.
    private static func isJoiningContext(_ scalars: [Unicode.Scalar], _ i: Int) -> Bool {
        func arabic(_ s: Unicode.Scalar) -> Bool { (0x0620...0x064A).contains(s.value) || (0x066E...0x06D3).contains(s.value) }
        return i > 0 && i + 1 < scalars.count && arabic(scalars[i - 1]) && arabic(scalars[i + 1])
    }
}

extension Unicode.GeneralCategory {
    var isMark: Bool { self == .nonspacingMark || self == .spacingMark || self == .enclosingMark }
}
