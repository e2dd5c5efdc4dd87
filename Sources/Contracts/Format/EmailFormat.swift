/// RFC 5321 mailbox addresses (`email`) and their RFC 6531 internationalised form (`idn-email`):
/// a dot-atom or quoted local part, then a host name or an address literal.
enum EmailFormat {
    static func isEmail(_ s: String, international: Bool) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at], domain = s[s.index(after: at)...]
        guard isLocalPart(local, international: international), !domain.isEmpty else { return false }
        if domain.hasPrefix("[") && domain.hasSuffix("]") {
            let literal = domain.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { return IPFormat.isIPv6(String(literal.dropFirst(5))) }
            return IPFormat.isIPv4(String(literal))
        }
        return HostnameFormat.isHostname(String(domain), international: international)
    }

    private static func isLocalPart(_ local: Substring, international: Bool) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64 || international else { return false }
        if local.hasPrefix("\""), local.hasSuffix("\""), local.count >= 2 {
            var escaped = false
            for c in local.dropFirst().dropLast().unicodeScalars {
                if escaped { escaped = false; continue }
                if c == "\\" { escaped = true; continue }
                if c == "\"" || c.value < 0x20 || c.value == 0x7F { return false }
                if c.value >= 0x80, !international { return false }
            }
            return !escaped
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let atext = "!#$%&'*+-/=?^_`{|}~."
        for c in local.unicodeScalars {
            if c.value >= 0x80 { if international { continue } else { return false } }
            if c.properties.isAlphabetic || ("0"..."9").contains(c) || atext.unicodeScalars.contains(c) { continue }
            return false
        }
        return true
    }
}
