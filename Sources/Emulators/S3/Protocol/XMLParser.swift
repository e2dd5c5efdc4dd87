/// A strict parser for the small XML request bodies S3 takes.
///
/// Strict on purpose: S3 answers a body that is not well-formed with `MalformedXML`, and a forgiving
/// parser would instead act on half a `<Delete>` list. It handles the prolog, comments, attributes
/// (ignored), namespaces (prefixes dropped), character references and the five predefined entities;
/// it rejects DTDs, which S3 never needs and which would open the door to entity expansion.
struct XMLParser {
    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses one document and returns its root, or throws ``S3Error/malformedXML``.
    static func parse(_ bytes: [UInt8]) throws(S3Error) -> XMLElement {
        var parser = XMLParser(bytes)
        parser.skipMisc()
        let root = try parser.element(depth: 0)
        parser.skipMisc()
        guard parser.index == bytes.count else { throw .malformedXML }
        return root
    }

    private mutating func skipMisc() {
        while true {
            skipSpace()
            if starts(with: "<?") {
                guard let end = find("?>") else { index = bytes.count + 1; return }
                index = end + 2
            } else if starts(with: "<!--") {
                guard let end = find("-->") else { index = bytes.count + 1; return }
                index = end + 3
            } else {
                return
            }
        }
    }

    private mutating func element(depth: Int) throws(S3Error) -> XMLElement {
        guard depth < 32, index < bytes.count, bytes[index] == UInt8(ascii: "<") else { throw .malformedXML }
        index += 1
        let name = try self.name()
        // Attributes: name="value" pairs, skipped.
        while true {
            skipSpace()
            guard index < bytes.count else { throw .malformedXML }
            if bytes[index] == UInt8(ascii: "/") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else { throw .malformedXML }
                index += 2
                return XMLElement(name: localName(name), text: "", children: [])
            }
            if bytes[index] == UInt8(ascii: ">") { index += 1; break }
            _ = try self.name()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw .malformedXML }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw .malformedXML
            }
            let quote = bytes[index]
            index += 1
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { throw .malformedXML }
            index += 1
        }
        var text = [UInt8]()
        var children = [XMLElement]()
        while true {
            guard index < bytes.count else { throw .malformedXML }
            if starts(with: "</") {
                index += 2
                let closing = try self.name()
                skipSpace()
                guard closing == name, index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw .malformedXML }
                index += 1
                guard let decoded = String(validating: text, as: UTF8.self) else { throw .malformedXML }
                return XMLElement(name: localName(name), text: decoded, children: children)
            } else if starts(with: "<!--") {
                guard let end = find("-->") else { throw .malformedXML }
                index = end + 3
            } else if starts(with: "<![CDATA[") {
                guard let end = find("]]>") else { throw .malformedXML }
                text += bytes[(index + 9)..<end]
                index = end + 3
            } else if starts(with: "<!") || starts(with: "<?") {
                throw .malformedXML
            } else if bytes[index] == UInt8(ascii: "<") {
                children.append(try element(depth: depth + 1))
            } else if bytes[index] == UInt8(ascii: "&") {
                text += try entity()
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
    }

    private mutating func entity() throws(S3Error) -> [UInt8] {
        guard let semicolon = bytes[index...].firstIndex(of: UInt8(ascii: ";")), semicolon - index < 12 else {
            throw .malformedXML
        }
        let body = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
        index = semicolon + 1
        switch body {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            let value: UInt32?
            if body.hasPrefix("#x") {
                value = UInt32(body.dropFirst(2), radix: 16)
            } else if body.hasPrefix("#") {
                value = UInt32(body.dropFirst(), radix: 10)
            } else {
                value = nil
            }
            guard let value, let scalar = Unicode.Scalar(value) else { throw .malformedXML }
            return Array(String(Character(scalar)).utf8)
        }
    }

    private mutating func name() throws(S3Error) -> String {
        let start = index
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=")
                || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "<") {
                break
            }
            index += 1
        }
        guard index > start else { throw .malformedXML }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func localName(_ name: String) -> String {
        if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
        return name
    }

    private mutating func skipSpace() {
        while index < bytes.count,
              bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\n")
                || bytes[index] == UInt8(ascii: "\r") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
    }

    private func starts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { p in
            for i in 0..<count where bytes[index + i] != p[i] { return false }
            return true
        }
    }

    private func find(_ needle: StaticString) -> Int? {
        let count = needle.utf8CodeUnitCount
        return needle.withUTF8Buffer { p -> Int? in
            var i = index
            while i + count <= bytes.count {
                var match = true
                for j in 0..<count where bytes[i + j] != p[j] { match = false; break }
                if match { return i }
                i += 1
            }
            return nil
        }
    }
}
