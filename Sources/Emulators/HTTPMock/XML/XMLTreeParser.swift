/// A strict, small XML 1.0 parser for request bodies: elements, attributes, text, CDATA, comments,
/// processing instructions, a DOCTYPE without an internal subset, and the predefined and numeric
/// entities. Anything malformed is an error rather than a guess, so a broken body simply does not
/// match. Written here because FoundationXML on Linux crashes on some inputs (an empty document).
struct XMLTreeParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    /// Parses one document; nil if it is not well-formed.
    static func parse(_ text: String) -> XMLTree? {
        var parser = XMLTreeParser(scalars: Array(text.unicodeScalars))
        return try? parser.parseDocument()
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private struct Malformed: Error {}

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func starts(with text: String) -> Bool {
        var position = index
        for scalar in text.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    private mutating func skip(past terminator: String) throws {
        while index < scalars.count, !starts(with: terminator) { index += 1 }
        guard index < scalars.count else { throw Malformed() }
        index += terminator.unicodeScalars.count
    }

    private mutating func skipSpace() {
        while let scalar = current, scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t" { index += 1 }
    }

    /// Skips comments, processing instructions, a DOCTYPE and whitespace outside the root.
    private mutating func skipMisc() throws {
        while true {
            skipSpace()
            if starts(with: "<?") { try skip(past: "?>") } else if starts(with: "<!--") { try skip(past: "-->") } else if starts(with: "<!DOCTYPE") {
                try skip(past: ">")
            } else {
                return
            }
        }
    }

    private mutating func parseDocument() throws -> XMLTree {
        try skipMisc()
        let root = try parseElement()
        try skipMisc()
        guard index == scalars.count else { throw Malformed() }
        return root
    }

    private mutating func parseName() throws -> String {
        var name = ""
        while let scalar = current, scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            || scalar == "_" || scalar == ":" || scalar == "-" || scalar == "." {
            name.unicodeScalars.append(scalar)
            index += 1
        }
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" || first == ":" else { throw Malformed() }
        return name
    }

    private mutating func parseElement() throws -> XMLTree {
        guard current == "<" else { throw Malformed() }
        depth += 1
        guard depth < 256 else { throw Malformed() }
        defer { depth -= 1 }
        index += 1
        let name = try parseName()
        var attributes: [(name: String, value: String)] = []
        while true {
            skipSpace()
            if starts(with: "/>") {
                index += 2
                return XMLTree(name: name, attributes: attributes, children: [])
            }
            if current == ">" { index += 1; break }
            let attributeName = try parseName()
            guard !attributes.contains(where: { $0.name == attributeName }) else { throw Malformed() }
            skipSpace()
            guard current == "=" else { throw Malformed() }
            index += 1
            skipSpace()
            guard let quote = current, quote == "\"" || quote == "'" else { throw Malformed() }
            index += 1
            var raw = ""
            while let scalar = current, scalar != quote {
                guard scalar != "<" else { throw Malformed() }
                raw.unicodeScalars.append(scalar)
                index += 1
            }
            guard current == quote else { throw Malformed() }
            index += 1
            attributes.append((attributeName, try Self.decodeEntities(raw)))
        }
        var children: [XMLTree.Node] = []
        var text = ""
        func flushText() throws {
            if !text.isEmpty { children.append(.text(try Self.decodeEntities(text))) }
            text = ""
        }
        while true {
            guard let scalar = current else { throw Malformed() }
            if scalar != "<" {
                text.unicodeScalars.append(scalar)
                index += 1
            } else if starts(with: "</") {
                try flushText()
                index += 2
                guard try parseName() == name else { throw Malformed() }
                skipSpace()
                guard current == ">" else { throw Malformed() }
                index += 1
                return XMLTree(name: name, attributes: attributes, children: children)
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                try flushText()
                index += 9
                let start = index
                try skip(past: "]]>")
                var cdata = ""
                cdata.unicodeScalars.append(contentsOf: scalars[start..<(index - 3)])
                children.append(.text(cdata))
            } else if starts(with: "<?") {
                try skip(past: "?>")
            } else {
                try flushText()
                children.append(.element(try parseElement()))
            }
        }
    }

    private static func decodeEntities(_ text: String) throws -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else { throw Malformed() }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "lt": output += "<"
            case "gt": output += ">"
            case "amp": output += "&"
            case "quot": output += "\""
            case "apos": output += "'"
            default:
                let code: UInt32?
                if entity.hasPrefix("#x") { code = UInt32(entity.dropFirst(2), radix: 16) } else if entity.hasPrefix("#") { code = UInt32(entity.dropFirst()) } else { code = nil }
                guard let code, let scalar = Unicode.Scalar(code) else { throw Malformed() }
                output.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return output + rest
    }
}
