/// Reads an ECMA-262 pattern (the JSON-Schema regex dialect) into a `RegexNode` tree.
///
/// Supported: alternation, groups (capturing, `(?:…)`, named `(?<n>…)`), lookahead and lookbehind,
/// greedy and lazy quantifiers including `{n,m}`, classes with ranges, `\d \w \s \D \W \S \b \B`,
/// `\p{…}`/`\P{…}` for general categories, `\t \n \v \f \r \cX \0 \xHH \uHHHH \u{H…}`, back references.
/// Semantics follow the `u` flag: classes and `.` work on Unicode scalars, `\d` and `\w` are ASCII
/// only, `\s` includes the Unicode spaces, `^`/`$` match only at the ends (no multiline). As in
/// Annex B, a `{` that does not start a quantifier and a lone `]` or `}` are literal. Escapes of
/// letters that ECMA-262 does not define (such as `\a`) are errors, as the spec requires.
struct RegexParser {
    private let scalars: [UInt32]
    private var pos = 0
    private(set) var groupCount = 0
    private var groupNames: [String: Int] = [:]

    init(_ pattern: String) {
        scalars = pattern.unicodeScalars.map(\.value)
    }

    mutating func parse() throws(RegexError) -> RegexNode {
        let node = try parseDisjunction()
        if pos < scalars.count { throw RegexError("unmatched ')'", at: pos) }
        return try resolveNames(node)
    }

    private func resolveNames(_ node: RegexNode) throws(RegexError) -> RegexNode {
        switch node {
        case .namedBackreference(let name):
            guard let n = groupNames[name] else { throw RegexError("unknown group name '\(name)'", at: nil) }
            return .backreference(n)
        case .sequence(let nodes):
            var out: [RegexNode] = []
            for n in nodes { out.append(try resolveNames(n)) }
            return .sequence(out)
        case .alternation(let nodes):
            var out: [RegexNode] = []
            for n in nodes { out.append(try resolveNames(n)) }
            return .alternation(out)
        case .group(let n, let c): return .group(try resolveNames(n), capture: c)
        case .repetition(let n, let a, let b, let g): return .repetition(try resolveNames(n), min: a, max: b, greedy: g)
        case .look(let n, let behind, let negative): return .look(try resolveNames(n), behind: behind, negative: negative)
        case .backreference(let n):
            if n > groupCount { throw RegexError("back reference to a missing group \(n)", at: nil) }
            return node
        default: return node
        }
    }

    private var atEnd: Bool { pos >= scalars.count }
    private func peek(_ offset: Int = 0) -> UInt32? {
        pos + offset < scalars.count ? scalars[pos + offset] : nil
    }
    private func isChar(_ c: Character, _ offset: Int = 0) -> Bool {
        peek(offset) == c.unicodeScalars.first!.value
    }

    private mutating func parseDisjunction() throws(RegexError) -> RegexNode {
        var alternatives = [try parseAlternative()]
        while isChar("|") {
            pos += 1
            alternatives.append(try parseAlternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(RegexError) -> RegexNode {
        var terms: [RegexNode] = []
        while let c = peek(), c != 0x7C /* | */, c != 0x29 /* ) */ {
            terms.append(try parseTerm())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .sequence(terms)
        }
    }

    private mutating func parseTerm() throws(RegexError) -> RegexNode {
        let start = pos
        let c = peek()!
        var atom: RegexNode
        var quantifiable = true
        switch c {
        case 0x5E: pos += 1; return .anchor(.start)  // ^
        case 0x24: pos += 1; return .anchor(.end)  // $
        case 0x5C where isChar("b", 1): pos += 2; return .anchor(.wordBoundary)
        case 0x5C where isChar("B", 1): pos += 2; return .anchor(.notWordBoundary)
        case 0x28:  // (
            pos += 1
            if isChar("?") {
                if isChar(":", 1) {
                    pos += 2
                    atom = .group(try parseDisjunction(), capture: nil)
                } else if isChar("=", 1) || isChar("!", 1) {
                    let negative = isChar("!", 1)
                    pos += 2
                    atom = .look(try parseDisjunction(), behind: false, negative: negative)
                    quantifiable = false
                } else if isChar("<", 1), isChar("=", 2) || isChar("!", 2) {
                    let negative = isChar("!", 2)
                    pos += 3
                    atom = .look(try parseDisjunction(), behind: true, negative: negative)
                    quantifiable = false
                } else if isChar("<", 1) {
                    pos += 2
                    let name = try parseGroupName()
                    groupCount += 1
                    let index = groupCount
                    if groupNames[name] != nil { throw RegexError("duplicate group name '\(name)'", at: start) }
                    groupNames[name] = index
                    atom = .group(try parseDisjunction(), capture: index)
                } else {
                    throw RegexError("invalid group", at: pos)
                }
            } else {
                groupCount += 1
                let index = groupCount
                atom = .group(try parseDisjunction(), capture: index)
            }
            guard isChar(")") else { throw RegexError("missing ')'", at: start) }
            pos += 1
        case 0x2E: pos += 1; atom = .set(.dot)  // .
        case 0x5B: atom = .set(try parseClass())  // [
        case 0x5C: atom = try parseAtomEscape()
        case 0x2A, 0x2B, 0x3F: throw RegexError("nothing to repeat", at: pos)  // * + ?
        case 0x7B:  // {
            if quantifierAhead() { throw RegexError("nothing to repeat", at: pos) }
            pos += 1
            atom = .scalar(c)
        default:
            pos += 1
            atom = .scalar(c)
        }
        guard let q = peek() else { return atom }
        var min = 0, max: Int? = nil
        switch q {
        case 0x2A: pos += 1  // *
        case 0x2B: pos += 1; min = 1  // +
        case 0x3F: pos += 1; max = 1  // ?
        case 0x7B where quantifierAhead():
            pos += 1
            min = parseInt()
            max = min
            if isChar(",") {
                pos += 1
                max = isChar("}") ? nil : parseInt()
            }
            pos += 1
            if let m = max, m < min { throw RegexError("numbers out of order in {} quantifier", at: start) }
        default: return atom
        }
        guard quantifiable else { throw RegexError("lookaround cannot be repeated", at: start) }
        var greedy = true
        if isChar("?") {
            pos += 1
            greedy = false
        }
        return .repetition(atom, min: min, max: max, greedy: greedy)
    }

    /// True when `{` at `pos` starts `{n}`, `{n,}` or `{n,m}`.
    private func quantifierAhead() -> Bool {
        var i = pos + 1
        func digits() -> Bool {
            let s = i
            while i < scalars.count, scalars[i] >= 0x30, scalars[i] <= 0x39 { i += 1 }
            return i > s
        }
        guard digits() else { return false }
        if i < scalars.count, scalars[i] == 0x2C {
            i += 1
            _ = digits()
        }
        return i < scalars.count && scalars[i] == 0x7D
    }

    private mutating func parseInt() -> Int {
        var v = 0
        while let c = peek(), c >= 0x30, c <= 0x39 {
            v = min(v * 10 + Int(c - 0x30), 100_000)
            pos += 1
        }
        return v
    }

    private mutating func parseGroupName() throws(RegexError) -> String {
        var name = ""
        while let c = peek(), c != 0x3E {
            guard let s = Unicode.Scalar(c), s.properties.isXIDContinue || c == 0x24 else {
                throw RegexError("invalid group name", at: pos)
            }
            name.unicodeScalars.append(s)
            pos += 1
        }
        guard !name.isEmpty, isChar(">") else { throw RegexError("invalid group name", at: pos) }
        pos += 1
        return name
    }

    private mutating func parseAtomEscape() throws(RegexError) -> RegexNode {
        let start = pos
        pos += 1
        guard let c = peek() else { throw RegexError("\\ at end of pattern", at: start) }
        if c >= 0x31, c <= 0x39 {
            return .backreference(parseInt())
        }
        if c == 0x6B /* k */ {
            pos += 1
            guard isChar("<") else { throw RegexError("invalid \\k escape", at: start) }
            pos += 1
            return .namedBackreference(try parseGroupName())
        }
        switch try parseCharacterEscape(inClass: false) {
        case .scalar(let s): return .scalar(s)
        case .set(let set): return .set(set)
        }
    }

    private enum Escaped { case scalar(UInt32), set(RegexCharSet) }

    /// Reads the escape after `\` (at `pos`).
    private mutating func parseCharacterEscape(inClass: Bool) throws(RegexError) -> Escaped {
        let start = pos - 1
        let c = peek()!
        pos += 1
        switch Character(Unicode.Scalar(c)!) {
        case "d": return .set(.digits)
        case "D": return .set(RegexCharSet.digits.inverted())
        case "w": return .set(.word)
        case "W": return .set(RegexCharSet.word.inverted())
        case "s": return .set(.space)
        case "S": return .set(RegexCharSet.space.inverted())
        case "t": return .scalar(0x09)
        case "n": return .scalar(0x0A)
        case "v": return .scalar(0x0B)
        case "f": return .scalar(0x0C)
        case "r": return .scalar(0x0D)
        case "b" where inClass: return .scalar(0x08)
        case "-" where inClass: return .scalar(0x2D)
        case "c":
            guard let l = peek(), (0x41...0x5A).contains(l) || (0x61...0x7A).contains(l) else {
                throw RegexError("invalid \\c escape", at: start)
            }
            pos += 1
            return .scalar(l % 32)
        case "0":
            if let n = peek(), n >= 0x30, n <= 0x39 { throw RegexError("invalid octal escape", at: start) }
            return .scalar(0)
        case "x": return .scalar(try parseHex(count: 2, at: start))
        case "u":
            if isChar("{") {
                pos += 1
                var v: UInt32 = 0, n = 0
                while let h = peek(), let d = Self.hexValue(h) {
                    v = v &* 16 &+ d
                    n += 1
                    pos += 1
                    if v > 0x10FFFF { throw RegexError("code point out of range", at: start) }
                }
                guard n > 0, isChar("}") else { throw RegexError("invalid \\u{…} escape", at: start) }
                pos += 1
                return .scalar(v)
            }
            let high = try parseHex(count: 4, at: start)
            if high >= 0xD800, high <= 0xDBFF, isChar("\\"), isChar("u", 1) {
                let save = pos
                pos += 2
                if let low = try? parseHex(count: 4, at: start), low >= 0xDC00, low <= 0xDFFF {
                    return .scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                }
                pos = save
            }
            return .scalar(high)
        case "p", "P":
            guard isChar("{") else { throw RegexError("invalid property escape", at: start) }
            pos += 1
            var name = ""
            while let s = peek(), s != 0x7D {
                name.unicodeScalars.append(Unicode.Scalar(s)!)
                pos += 1
            }
            guard isChar("}"), let categories = RegexCharSet.categories(named: name) else {
                throw RegexError("unsupported property '\(name)'", at: start)
            }
            pos += 1
            var set = RegexCharSet()
            set.categories = categories
            return .set(c == 0x50 ? set.inverted() : set)
        default:
            // Identity escapes: the syntax characters and '/'.
            if "^$\\.*+?()[]{}|/".unicodeScalars.contains(where: { $0.value == c }) { return .scalar(c) }
            throw RegexError("invalid escape '\\\(Character(Unicode.Scalar(c)!))'", at: start)
        }
    }

    private mutating func parseHex(count: Int, at start: Int) throws(RegexError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<count {
            guard let h = peek(), let d = Self.hexValue(h) else { throw RegexError("invalid hex escape", at: start) }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    private static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    private mutating func parseClass() throws(RegexError) -> RegexCharSet {
        let start = pos
        pos += 1
        var set = RegexCharSet()
        if isChar("^") {
            set.negated = true
            pos += 1
        }
        while true {
            guard let c = peek() else { throw RegexError("missing ']'", at: start) }
            if c == 0x5D {
                pos += 1
                return set
            }
            let first = try parseClassAtom()
            if isChar("-"), let next = peek(1), next != 0x5D {
                pos += 1
                let second = try parseClassAtom()
                guard case .scalar(let lo) = first, case .scalar(let hi) = second else {
                    throw RegexError("invalid character class range", at: pos)
                }
                guard lo <= hi else { throw RegexError("range out of order in character class", at: pos) }
                set.insert(lo...hi)
            } else {
                switch first {
                case .scalar(let s): set.insert(s)
                case .set(let other): set.formUnion(other)
                }
            }
        }
    }

    private mutating func parseClassAtom() throws(RegexError) -> Escaped {
        let c = peek()!
        if c == 0x5C {
            pos += 1
            guard peek() != nil else { throw RegexError("\\ at end of pattern", at: pos - 1) }
            return try parseCharacterEscape(inClass: true)
        }
        pos += 1
        return .scalar(c)
    }
}
