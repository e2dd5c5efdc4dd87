/// Dotted-quad IPv4 (RFC 2673 §3.2, no leading zeros) and IPv6 text forms (RFC 4291 §2.2).
enum IPFormat {
    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let v = Int(p), v <= 255, !(p.count > 1 && p.hasPrefix("0"))
            else { return false }
        }
        return true
    }

    static func isIPv6(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        var text = Substring(s)
        var groupsAllowed = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard isIPv4(String(text[text.index(after: lastColon)...])) else { return false }
            text = text[...lastColon]
            if !text.hasSuffix("::") { text = text.dropLast() }
            groupsAllowed = 6
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ h: Substring) -> Int? {
            if h.isEmpty { return 0 }
            let parts = h.split(separator: ":", omittingEmptySubsequences: false)
            for p in parts {
                guard (1...4).contains(p.count), p.utf8.allSatisfy(FormatChecker.isHex) else { return nil }
            }
            return parts.count
        }
        if halves.count == 1 {
            return groups(halves[0]) == groupsAllowed
        }
        guard let a = groups(halves[0]), let b = groups(halves[1]) else { return false }
        return a + b < groupsAllowed
    }
}

extension Substring {
    /// Splits on a multi-character separator without Foundation.
    func components(separatedBy separator: String) -> [Substring] {
        var out: [Substring] = []
        var rest = self
        while let range = rest.firstRange(of: separator) {
            out.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        out.append(rest)
        return out
    }
}
