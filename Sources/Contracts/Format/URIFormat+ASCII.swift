/// The byte-level check of `URIFormat.isURI` for the common case: a URI of printable ASCII without an
/// IP-literal host. It gives the same answer as the general check, which splits `String`s and walks
/// `Unicode.Scalar`s (about a microsecond per character); here each byte costs one table lookup.
extension URIFormat {
    /// Bits of `characterClasses`: which parts of a URI may hold the byte as it is.
    private enum Allowed {
        /// Unreserved characters and sub-delimiters: allowed everywhere.
        static let plain: UInt8 = 1
        static let colon: UInt8 = 2
        static let at: UInt8 = 4
        static let slash: UInt8 = 8
        static let question: UInt8 = 16
        static let userinfo = plain | colon
        static let path = plain | colon | at | slash
        static let queryOrFragment = path | question
    }

    /// The `Allowed` bits of each ASCII byte.
    private static let characterClasses: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 128)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = Allowed.plain }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(c)] = Allowed.plain }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = Allowed.plain }
        for c in "-._~!$&'()*+,;=".utf8 { table[Int(c)] = Allowed.plain }
        table[Int(UInt8(ascii: ":"))] = Allowed.colon
        table[Int(UInt8(ascii: "@"))] = Allowed.at
        table[Int(UInt8(ascii: "/"))] = Allowed.slash
        table[Int(UInt8(ascii: "?"))] = Allowed.question
        return table
    }()

    /// The verdict of `isURI` when `s` is printable ASCII (0x21–0x7E) and has no `[` in its
    /// authority; nil otherwise, for the general check to decide.
    static func isASCIIURI(_ s: String, reference: Bool) -> Bool? {
        var s = s
        return s.withUTF8 { u -> Bool? in
            for b in u where b < 0x21 || b > 0x7E { return nil }
            return characterClasses.withUnsafeBufferPointer { table in isASCIIURI(u, reference: reference, table: table) }
        }
    }

    private static func isASCIIURI(_ u: UnsafeBufferPointer<UInt8>, reference: Bool, table: UnsafeBufferPointer<UInt8>) -> Bool? {
        // RFC 3986 appendix B, as `URIReference.init` splits: fragment, query, scheme, authority, path.
        let hash = u.firstIndex(of: UInt8(ascii: "#")) ?? u.count
        let question = u[..<hash].firstIndex(of: UInt8(ascii: "?")) ?? hash
        var start = 0
        var hasScheme = false
        if let colon = u[..<question].firstIndex(of: UInt8(ascii: ":")), colon > 0, isLetter(u[0]),
           u[..<colon].allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        {
            hasScheme = true
            start = colon + 1
        }
        var pathStart = start
        if question - start >= 2, u[start] == UInt8(ascii: "/"), u[start + 1] == UInt8(ascii: "/") {
            let authorityStart = start + 2
            let authorityEnd = u[authorityStart..<question].firstIndex(of: UInt8(ascii: "/")) ?? question
            guard let valid = isAuthority(u, authorityStart..<authorityEnd, table: table) else { return nil }
            guard valid else { return false }
            pathStart = authorityEnd
        } else if !hasScheme {
            guard reference else { return false }
            // A relative reference's first segment may not contain ':' (it would read as a scheme).
            let segmentEnd = u[start..<question].firstIndex(of: UInt8(ascii: "/")) ?? question
            if u[start..<segmentEnd].contains(UInt8(ascii: ":")) { return false }
        }
        if !hasScheme, !reference { return false }
        guard isValidPart(u, pathStart..<question, allowed: Allowed.path, table: table) else { return false }
        if question < hash, !isValidPart(u, (question + 1)..<hash, allowed: Allowed.queryOrFragment, table: table) { return false }
        if hash < u.count, !isValidPart(u, (hash + 1)..<u.count, allowed: Allowed.queryOrFragment, table: table) { return false }
        return true
    }

    /// `[userinfo@]host[:port]`; nil for an IP literal (`[…]`), which the general check handles.
    private static func isAuthority(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, table: UnsafeBufferPointer<UInt8>) -> Bool? {
        var hostStart = range.lowerBound
        if let at = u[range].lastIndex(of: UInt8(ascii: "@")) {
            guard isValidPart(u, range.lowerBound..<at, allowed: Allowed.userinfo, table: table) else { return false }
            hostStart = at + 1
        }
        if hostStart < range.upperBound, u[hostStart] == UInt8(ascii: "[") { return nil }
        var hostEnd = range.upperBound
        if let colon = u[hostStart..<range.upperBound].lastIndex(of: UInt8(ascii: ":")) {
            guard u[(colon + 1)..<range.upperBound].allSatisfy(isDigit) else { return false }
            hostEnd = colon
        }
        return isValidPart(u, hostStart..<hostEnd, allowed: Allowed.plain, table: table)
    }

    /// True when every byte of `range` has one of the `allowed` bits, with `%` only as a valid escape.
    private static func isValidPart(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, allowed: UInt8, table: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = u[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < range.upperBound, FormatChecker.isHex(u[i + 1]), FormatChecker.isHex(u[i + 2]) else { return false }
                i += 3
                continue
            }
            guard table[Int(b)] & allowed != 0 else { return false }
            i += 1
        }
        return true
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
