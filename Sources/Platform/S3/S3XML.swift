/// Reads the few, flat XML documents S3 answers with (errors, listings) by element name.
///
/// S3's response bodies are machine-written, without attributes that matter, comments or CDATA, so
/// looking elements up by name is exact for them; this is not a general XML parser.
struct S3XML {
    private let text: Substring

    init(_ bytes: [UInt8]) {
        self.text = Substring(String(decoding: bytes, as: UTF8.self))
    }

    private init(_ text: Substring) {
        self.text = text
    }

    /// The text of every `<name>…</name>` element, in document order, entities decoded.
    func all(_ name: String) -> [String] {
        elements(name).map { Self.decodeEntities($0.text) }
    }

    /// The text of the first `<name>` element.
    func first(_ name: String) -> String? {
        all(name).first
    }

    /// Every `<name>…</name>` element as a document of its own, for nested records (`Contents`, `CommonPrefixes`).
    func children(_ name: String) -> [S3XML] {
        elements(name)
    }

    private func elements(_ name: String) -> [S3XML] {
        let open = "<\(name)>"
        let close = "</\(name)>"
        var found: [S3XML] = []
        var rest = text[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            found.append(S3XML(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }

    private static func decodeEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text[...]
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                if entity.hasPrefix("#x"), let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
