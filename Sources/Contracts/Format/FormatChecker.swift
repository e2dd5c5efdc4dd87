/// Checks the `format` values JSON Schema defines, used when formats are asserted
/// (`--format-assert`, or the 2020-12 format-assertion vocabulary). Unknown formats pass, as the
/// spec requires.
enum FormatChecker {
    static func isValid(_ s: String, format: String) -> Bool {
        switch format {
        case "date-time": DateTimeFormat.isDateTime(s)
        case "date": DateTimeFormat.isDate(s)
        case "time": DateTimeFormat.isTime(s)
        case "duration": DateTimeFormat.isDuration(s)
        case "email": EmailFormat.isEmail(s, international: false)
        case "idn-email": EmailFormat.isEmail(s, international: true)
        case "hostname": HostnameFormat.isHostname(s, international: false)
        case "idn-hostname": HostnameFormat.isHostname(s, international: true)
        case "ipv4": IPFormat.isIPv4(s)
        case "ipv6": IPFormat.isIPv6(s)
        case "uri": URIFormat.isURI(s, reference: false, international: false)
        case "uri-reference": URIFormat.isURI(s, reference: true, international: false)
        case "iri": URIFormat.isURI(s, reference: false, international: true)
        case "iri-reference": URIFormat.isURI(s, reference: true, international: true)
        case "uri-template": URIFormat.isURITemplate(s)
        case "uuid": isUUID(s)
        case "regex": (try? ECMARegex(s)) != nil
        case "json-pointer": isJSONPointer(s)
        case "relative-json-pointer": isRelativeJSONPointer(s)
        default: true
        }
    }

    static func isUUID(_ s: String) -> Bool {
        guard s.utf8.count == 36 else { return false }
        var text = s
        return text.withUTF8 { bytes in
            for i in 0..<36 {
                if i == 8 || i == 13 || i == 18 || i == 23 {
                    if bytes[i] != UInt8(ascii: "-") { return false }
                } else if !isHex(bytes[i]) {
                    return false
                }
            }
            return true
        }
    }

    static func isHex(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
    }

    static func isJSONPointer(_ s: String) -> Bool {
        if s.isEmpty { return true }
        let u = Array(s.utf8)
        guard u[0] == UInt8(ascii: "/") else { return false }
        for (i, c) in u.enumerated() where c == UInt8(ascii: "~") {
            guard i + 1 < u.count, u[i + 1] == UInt8(ascii: "0") || u[i + 1] == UInt8(ascii: "1") else { return false }
        }
        return true
    }

    static func isRelativeJSONPointer(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count, (0x30...0x39).contains(u[i]) { i += 1 }
        guard i > 0, !(u[0] == UInt8(ascii: "0") && i > 1) else { return false }
        if i == u.count { return true }
        if u[i] == UInt8(ascii: "#") { return i + 1 == u.count }
        if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            // Index manipulation (draft 2020-12 relative JSON pointers).
            var j = i + 1
            let start = j
            while j < u.count, (0x30...0x39).contains(u[j]) { j += 1 }
            guard j > start, !(u[start] == UInt8(ascii: "0") && j - start > 1) else { return false }
            if j == u.count { return true }
            if u[j] == UInt8(ascii: "#") { return j + 1 == u.count }
            return isJSONPointer(String(decoding: u[j...], as: UTF8.self))
        }
        return isJSONPointer(String(decoding: u[i...], as: UTF8.self))
    }
}
