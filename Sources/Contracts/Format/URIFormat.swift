/// RFC 3986 URIs and references, RFC 3987 IRIs (which also allow non-ASCII characters) and
/// RFC 6570 URI templates, checked character class by character class.
enum URIFormat {
    private static func isUnreserved(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || "-._~".unicodeScalars.contains(c)
    }
    private static func isSubDelim(_ c: Unicode.Scalar) -> Bool { "!$&'()*+,;=".unicodeScalars.contains(c) }

    /// True when every character of `part` is allowed (`extra` besides unreserved and sub-delims),
    /// with `%` only as a valid percent-escape.
    private static func isValidPart(_ part: Substring, extra: String, international: Bool) -> Bool {
        let scalars = Array(part.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "%" {
                guard i + 2 < scalars.count, scalars[i + 1].isASCII, scalars[i + 2].isASCII,
                      FormatChecker.isHex(UInt8(scalars[i + 1].value)), FormatChecker.isHex(UInt8(scalars[i + 2].value))
                else { return false }
                i += 3
                continue
            }
            if isUnreserved(c) || isSubDelim(c) || extra.unicodeScalars.contains(c) {
                i += 1
                continue
            }
            if international, c.value >= 0xA0, !(0xD800...0xDFFF).contains(c.value), c.value != 0xFFFE, c.value != 0xFFFF {
                i += 1
                continue
            }
            return false
        }
        return true
    }

    static func isURI(_ s: String, reference: Bool, international: Bool) -> Bool {
        // Printable ASCII has no character where IRIs and URIs differ: the byte-level check decides.
        if let verdict = isASCIIURI(s, reference: reference) { return verdict }
        let uri = URIReference(s)
        if uri.scheme == nil {
            guard reference else { return false }
            // A relative reference's first segment may not contain ':' (it would read as a scheme).
            if uri.authority == nil, let firstSegment = uri.path.split(separator: "/", omittingEmptySubsequences: false).first,
               firstSegment.contains(":") { return false }
        } else if let scheme = uri.scheme {
            guard let first = scheme.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        }
        if let authority = uri.authority, !isAuthority(Substring(authority), international: international) { return false }
        guard isValidPart(Substring(uri.path), extra: ":@/", international: international) else { return false }
        if let q = uri.query, !isValidPart(Substring(q), extra: ":@/?", international: international) { return false }
        if let f = uri.fragment, !isValidPart(Substring(f), extra: ":@/?", international: international) { return false }
        return true
    }

    private static func isAuthority(_ authority: Substring, international: Bool) -> Bool {
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            guard isValidPart(authority[..<at], extra: ":", international: international) else { return false }
            hostPort = authority[authority.index(after: at)...]
        }
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return false }
            let literal = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let rest = hostPort[hostPort.index(after: close)...]
            guard IPFormat.isIPv6(String(literal)) || literal.hasPrefix("v") || literal.hasPrefix("V") else { return false }
            return rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isASCIIDigit))
        }
        var host = hostPort
        if let colon = hostPort.lastIndex(of: ":") {
            guard hostPort[hostPort.index(after: colon)...].allSatisfy(\.isASCIIDigit) else { return false }
            host = hostPort[..<colon]
        }
        return isValidPart(host, extra: "", international: international)
    }

    static func isURITemplate(_ s: String) -> Bool {
        var inExpression = false
        var expression = ""
        for c in s.unicodeScalars {
            if inExpression {
                if c == "}" {
                    guard isExpression(expression) else { return false }
                    inExpression = false
                    expression = ""
                } else {
                    expression.unicodeScalars.append(c)
                }
                continue
            }
            if c == "{" {
                inExpression = true
                continue
            }
            if c == "}" || c.value <= 0x20 || c.value == 0x7F || "\"<>\\^`|".unicodeScalars.contains(c) { return false }
        }
        return !inExpression
    }

    private static func isExpression(_ e: String) -> Bool {
        var body = Substring(e)
        if let first = body.unicodeScalars.first, "+#./;?&=,!@|".unicodeScalars.contains(first) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        for spec in body.split(separator: ",", omittingEmptySubsequences: false) {
            var name = spec
            if name.hasSuffix("*") {
                name = name.dropLast()
            } else if let colon = name.firstIndex(of: ":") {
                let length = name[name.index(after: colon)...]
                guard !length.isEmpty, length.count <= 4, length.allSatisfy(\.isASCIIDigit), !length.hasPrefix("0") else { return false }
                name = name[..<colon]
            }
            guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else { return false }
            guard isValidPart(name, extra: "", international: false),
                  name.unicodeScalars.allSatisfy({ $0 == "_" || $0 == "." || $0 == "%" || ("0"..."9").contains($0)
                      || ("a"..."z").contains($0) || ("A"..."Z").contains($0) })
            else { return false }
        }
        return true
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
