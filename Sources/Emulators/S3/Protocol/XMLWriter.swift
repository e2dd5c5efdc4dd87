/// Builds the small XML documents S3 answers with, escaping text as it goes.
///
/// S3's documents are flat and known in advance, so a writer that appends to one string is all that is
/// needed, and is far cheaper than building a tree for a 1,000-key listing.
struct XMLWriter {
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"
    private var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// Opens `<name>`; the document's root carries S3's namespace unless `namespace` is false.
    mutating func open(_ name: String, namespace: Bool = false) {
        text += namespace ? "<\(name) xmlns=\"\(Self.namespace)\">" : "<\(name)>"
    }

    /// Closes `</name>`.
    mutating func close(_ name: String) {
        text += "</\(name)>"
    }

    /// Writes `<name>value</name>`, escaping the value.
    mutating func element(_ name: String, _ value: String) {
        text += "<\(name)>"
        Self.escape(value, into: &text)
        text += "</\(name)>"
    }

    /// Writes `<name>value</name>` for whole numbers.
    mutating func element(_ name: String, _ value: Int) {
        text += "<\(name)>\(value)</\(name)>"
    }

    /// Writes `<name>true</name>` or `false`.
    mutating func element(_ name: String, _ value: Bool) {
        text += "<\(name)>\(value)</\(name)>"
    }

    /// The finished document.
    func finish() -> String { text }

    private static func escape(_ value: String, into out: inout String) {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 < 0x20 }) else {
            out += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\r", "\t": out += "&#\(scalar.value);"
            default:
                if scalar.value < 0x20 { out += "&#\(scalar.value);" } else { out.unicodeScalars.append(scalar) }
            }
        }
    }
}
