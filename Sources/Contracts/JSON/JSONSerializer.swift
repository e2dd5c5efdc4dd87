/// Writes `JSONValue`s as compact JSON on one line (the form Bowtie and JSON-lines output need:
/// no raw newline can appear, as control characters are escaped).
public enum JSONSerializer {
    public static func string(_ value: JSONValue, sortedKeys: Bool = false) -> String {
        var out = ""
        write(value, sortedKeys: sortedKeys, into: &out)
        return out
    }

    /// Pretty-printed with two-space indentation, for files people read (golden outputs).
    public static func prettyString(_ value: JSONValue) -> String {
        var out = ""
        writePretty(value, indent: 0, into: &out)
        return out
    }

    static func write(_ value: JSONValue, sortedKeys: Bool, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.description
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out += "["
            for (i, e) in a.enumerated() {
                if i > 0 { out += "," }
                write(e, sortedKeys: sortedKeys, into: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            let members = sortedKeys ? o.members.sorted { $0.key < $1.key } : o.members
            for (i, m) in members.enumerated() {
                if i > 0 { out += "," }
                writeString(m.key, into: &out)
                out += ":"
                write(m.value, sortedKeys: sortedKeys, into: &out)
            }
            out += "}"
        }
    }

    private static func writePretty(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1), closePad = String(repeating: "  ", count: indent)
        switch value {
        case .array(let a) where !a.isEmpty:
            out += "[\n"
            for (i, e) in a.enumerated() {
                out += pad
                writePretty(e, indent: indent + 1, into: &out)
                out += i + 1 < a.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            for (i, m) in o.members.enumerated() {
                out += pad
                writeString(m.key, into: &out)
                out += ": "
                writePretty(m.value, indent: indent + 1, into: &out)
                out += i + 1 < o.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        default: write(value, sortedKeys: false, into: &out)
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings (ids, keys, timestamps) need no escape: copy them whole rather than scalar by scalar.
        guard needsEscaping(s) else {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Whether `s` holds a byte ``writeString(_:into:)`` escapes: a quote, a backslash, a control
    /// character, or the lead byte 0xE2 of U+2028/U+2029 (a false alarm for other E2 characters only
    /// costs the slow path).
    private static func needsEscaping(_ s: String) -> Bool {
        s.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }
    }
}
