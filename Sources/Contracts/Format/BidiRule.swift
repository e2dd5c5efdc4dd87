/// The Bidi rule of RFC 5893 for internationalised domain names, approximated with script ranges
/// (Swift's Unicode tables do not expose the bidi class): right-to-left labels start with a
/// right-to-left letter and do not mix European and Arabic-Indic digits; in a domain with any
/// right-to-left label, every other label starts with a letter.
enum BidiRule {
    static func isRightToLeft(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        let arabicLetter = (0x0620...0x064A).contains(v) || (0x066E...0x06D5).contains(v) || (0x06FA...0x06FF).contains(v)
            || (0x0750...0x077F).contains(v) || (0x08A0...0x08FF).contains(v)
        return (0x05D0...0x05EA).contains(v) || (0x05EF...0x05F4).contains(v) || arabicLetter || (0x07C0...0x07FF).contains(v)
    }

    static func isArabicIndicDigit(_ s: Unicode.Scalar) -> Bool { (0x0660...0x0669).contains(s.value) }
    static func isEuropeanDigit(_ s: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(s.value) || (0x06F0...0x06F9).contains(s.value)
    }

    /// `labels` are U-labels (A-labels already decoded).
    static func allows(_ labels: [String]) -> Bool {
        let rtlDomain = labels.contains { $0.unicodeScalars.contains(where: isRightToLeft) }
        guard rtlDomain else { return true }
        for label in labels {
            let scalars = Array(label.unicodeScalars)
            guard let first = scalars.first else { return false }
            if scalars.contains(where: isRightToLeft) {
                guard isRightToLeft(first) else { return false }
                if scalars.contains(where: isArabicIndicDigit), scalars.contains(where: isEuropeanDigit) { return false }
            } else if !first.properties.isAlphabetic {
                return false
            }
        }
        return true
    }
}
