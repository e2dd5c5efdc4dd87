/// An RFC 3986 URI reference split into its five parts, with reference resolution (§5.2), which
/// is how `$id` and `$ref` are resolved against the base URI in effect.
struct URIReference: Sendable, Hashable, CustomStringConvertible {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// Splits `text` by the regular expression of RFC 3986 appendix B (it accepts any string).
    init(_ text: String) {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            self.init(ascii: text)
        } else {
            self.init(characters: text)
        }
    }

    /// ``init(_:)`` for any text, character by character.
    private init(characters text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if let colon = rest.firstIndex(of: ":"), colon != rest.startIndex,
            rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
            rest[..<colon].first!.isLetter
        {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        path = String(rest)
    }

    /// ``init(_:)`` for ASCII text, searching bytes instead of characters: every event's URIs pass here on
    /// their way to Kafka. In ASCII a character is a byte (a CR LF pair aside, which holds no delimiter and
    /// no scheme character), so the parts come out the same.
    private init(ascii text: String) {
        let bytes = text.utf8
        var rest = bytes[...]
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(Substring(bytes[bytes.index(after: hash)..<rest.endIndex]))
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            query = String(Substring(bytes[bytes.index(after: question)..<rest.endIndex]))
            rest = rest[..<question]
        }
        let isLetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        if let colon = rest.firstIndex(of: UInt8(ascii: ":")), colon != rest.startIndex,
            rest[..<colon].allSatisfy({ isLetter($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }),
            isLetter(rest[rest.startIndex])
        {
            scheme = String(Substring(rest[..<colon]))
            rest = rest[bytes.index(after: colon)...]
        }
        if rest.starts(with: "//".utf8) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            authority = String(Substring(rest[..<end]))
            rest = rest[end...]
        }
        path = String(Substring(rest))
    }

    var isAbsolute: Bool { scheme != nil }

    /// The same URI without its fragment: the identifier of the resource it points into.
    var withoutFragment: URIReference {
        var copy = self
        copy.fragment = nil
        return copy
    }

    /// Resolves `reference` against `self` as base (RFC 3986 §5.2.2).
    func resolving(_ reference: URIReference) -> URIReference {
        var target = URIReference(scheme: nil, authority: nil, path: "", query: nil, fragment: reference.fragment)
        if let scheme = reference.scheme {
            target.scheme = scheme
            target.authority = reference.authority
            target.path = Self.removeDotSegments(reference.path)
            target.query = reference.query
        } else {
            target.scheme = scheme
            if reference.authority != nil {
                target.authority = reference.authority
                target.path = Self.removeDotSegments(reference.path)
                target.query = reference.query
            } else {
                target.authority = authority
                if reference.path.isEmpty {
                    target.path = path
                    target.query = reference.query ?? query
                } else {
                    if reference.path.hasPrefix("/") {
                        target.path = Self.removeDotSegments(reference.path)
                    } else {
                        target.path = Self.removeDotSegments(merge(reference.path))
                    }
                    target.query = reference.query
                }
            }
        }
        return target
    }

    func resolving(_ reference: String) -> URIReference { resolving(URIReference(reference)) }

    private func merge(_ relative: String) -> String {
        if authority != nil, path.isEmpty { return "/" + relative }
        guard let slash = path.lastIndex(of: "/") else { return relative }
        return path[...slash] + relative
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        var absolute = false
        if input.hasPrefix("/") { absolute = true }
        let segments = input.split(separator: "/", omittingEmptySubsequences: false)
        input = ""
        for (i, segment) in segments.enumerated() {
            if i == 0, absolute { continue }
            let last = i == segments.count - 1
            switch segment {
            case ".": if last { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if last { output.append("") }
            default: output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }

    var description: String {
        var s = ""
        if let scheme { s += scheme + ":" }
        if let authority { s += "//" + authority }
        s += path
        if let query { s += "?" + query }
        if let fragment { s += "#" + fragment }
        return s
    }
}
