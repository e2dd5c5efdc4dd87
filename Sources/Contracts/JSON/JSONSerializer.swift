/// Writes `JSONValue`s as compact JSON on one line (the form Bowtie and JSON-lines output need:
/// no raw newline can appear, as control characters are escaped).
///
/// Everything is written as UTF-8 bytes into one growing array: events are serialized once per message
/// in the stream pipeline, and appending to a `String` piece by piece cost more than the bytes.
public enum JSONSerializer {
    /// `value` as compact JSON text.
    public static func string(_ value: JSONValue, sortedKeys: Bool = false) -> String {
        String(decoding: bytes(value, sortedKeys: sortedKeys), as: UTF8.self)
    }

    /// `value` as compact JSON, UTF-8 encoded: what goes into a Kafka record or a file.
    public static func bytes(_ value: JSONValue, sortedKeys: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(value, sortedKeys: sortedKeys, into: &out)
        return out
    }

    /// Pretty-printed with two-space indentation, for files people read (golden outputs).
    public static func prettyString(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        writePretty(value, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func write(_ value: JSONValue, sortedKeys: Bool, into out: inout [UInt8]) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .number(let n): writeNumber(n, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(e, sortedKeys: sortedKeys, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            let members = sortedKeys ? o.members.sorted { $0.key < $1.key } : o.members
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, sortedKeys: sortedKeys, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writePretty(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        let pad = Array(repeating: UInt8(ascii: " "), count: 2 * (indent + 1))
        let closePad = Array(repeating: UInt8(ascii: " "), count: 2 * indent)
        switch value {
        case .array(let a) where !a.isEmpty:
            out += "[\n".utf8
            for (i, e) in a.enumerated() {
                out += pad
                writePretty(e, indent: indent + 1, into: &out)
                out += (i + 1 < a.count ? ",\n" : "\n").utf8
            }
            out += closePad
            out.append(UInt8(ascii: "]"))
        case .object(let o) where !o.isEmpty:
            out += "{\n".utf8
            for (i, m) in o.members.enumerated() {
                out += pad
                writeString(m.key, into: &out)
                out += ": ".utf8
                writePretty(m.value, indent: indent + 1, into: &out)
                out += (i + 1 < o.count ? ",\n" : "\n").utf8
            }
            out += closePad
            out.append(UInt8(ascii: "}"))
        default: write(value, sortedKeys: false, into: &out)
        }
    }

    /// Integers digit by digit; other numbers in their shortest exact text (``JSONNumber/description``).
    private static func writeNumber(_ number: JSONNumber, into out: inout [UInt8]) {
        guard let value = number.int64Value else {
            out += number.description.utf8
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out += buffer[start...]
        }
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (ids, keys, timestamps) need no escape: their bytes are checked and copied whole
        // rather than scalar by scalar. 0xE2 leads U+2028 and U+2029, which are escaped; for the other
        // characters it leads, the false alarm only costs the slow path.
        var text = s
        let copied = text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 {
                return false
            }
            out.append(contentsOf: bytes)
            return true
        }
        guard !copied else {
            out.append(UInt8(ascii: "\""))
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\"".utf8
            case "\\": out += "\\\\".utf8
            case "\n": out += "\\n".utf8
            case "\r": out += "\\r".utf8
            case "\t": out += "\\t".utf8
            case "\u{2028}": out += "\\u2028".utf8
            case "\u{2029}": out += "\\u2029".utf8
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
                } else {
                    out += String(scalar).utf8
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
