extension MockJSON {
    /// Compact JSON text, members in document order.
    public var serialized: String {
        var output = ""
        write(to: &output, indent: nil, level: 0)
        return output
    }

    /// Indented JSON text, as WireMock's admin API prints it.
    public var prettySerialized: String {
        var output = ""
        write(to: &output, indent: "  ", level: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, level: Int) {
        switch self {
        case .null: output += "null"
        case let .bool(value): output += value ? "true" : "false"
        case let .number(text): output += text
        case let .string(value): Self.writeString(value, to: &output)
        case let .array(values):
            // Jackson's pretty printer keeps arrays on one line and indents only by object depth.
            guard !values.isEmpty else { output += indent == nil ? "[]" : "[ ]"; return }
            output += indent == nil ? "[" : "[ "
            for (position, value) in values.enumerated() {
                if position > 0 { output += indent == nil ? "," : ", " }
                value.write(to: &output, indent: indent, level: level)
            }
            output += indent == nil ? "]" : " ]"
        case let .object(members):
            guard !members.isEmpty else { output += indent == nil ? "{}" : "{ }"; return }
            output += "{"
            for (position, member) in members.enumerated() {
                if position > 0 { output += "," }
                if let indent {
                    output += "\n" + String(repeating: indent, count: level + 1)
                }
                Self.writeString(member.key, to: &output)
                output += indent == nil ? ":" : " : "
                member.value.write(to: &output, indent: indent, level: level + 1)
            }
            if let indent { output += "\n" + String(repeating: indent, count: level) }
            output += "}"
        }
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
