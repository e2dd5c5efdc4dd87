/// Parses the Handlebars subset WireMock templates use into ``TemplateNode``s.
struct TemplateParser {
    private let source: [Character]
    private var index = 0
    private let helperNames: Set<String>

    /// Parses `text`; `helperNames` tells a helper call (`{{upper x}}`) from a bare path (`{{x}}`).
    static func parse(_ text: String, helperNames: Set<String>) throws(TemplateError) -> [TemplateNode] {
        var parser = TemplateParser(source: Array(text), helperNames: helperNames)
        let (nodes, closing) = try parser.parseNodes()
        if let closing { throw TemplateError("unexpected {{\(closing)}}") }
        return nodes
    }

    private init(source: [Character], helperNames: Set<String>) {
        self.source = source
        self.helperNames = helperNames
    }

    private func starts(with text: String, at position: Int) -> Bool {
        let characters = Array(text)
        guard position + characters.count <= source.count else { return false }
        return Array(source[position..<position + characters.count]) == characters
    }

    /// Nodes up to the end, or up to `{{else}}` / `{{/name}}`, which is returned.
    private mutating func parseNodes() throws(TemplateError) -> ([TemplateNode], String?) {
        var nodes: [TemplateNode] = []
        var text = ""
        while index < source.count {
            guard starts(with: "{{", at: index) else {
                text.append(source[index])
                index += 1
                continue
            }
            if !text.isEmpty { nodes.append(.text(text)); text = "" }
            let raw = starts(with: "{{{", at: index)
            index += raw ? 3 : 2
            let close = raw ? "}}}" : "}}"
            var inner = ""
            while index < source.count, !starts(with: close, at: index) {
                inner.append(source[index])
                index += 1
            }
            guard index < source.count else { throw TemplateError("unterminated {{") }
            index += close.count
            var tag = inner.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("~") { tag.removeFirst() }
            if tag.hasSuffix("~") { tag.removeLast() }
            tag = tag.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("!") { continue }
            if tag == "else" || tag.hasPrefix("/") { return (nodes, tag) }
            if tag.hasPrefix("#") {
                nodes.append(try parseBlock(String(tag.dropFirst())))
            } else {
                nodes.append(.output(try expression(tag), escaped: !raw))
            }
        }
        if !text.isEmpty { nodes.append(.text(text)) }
        return (nodes, nil)
    }

    private mutating func parseBlock(_ tag: String) throws(TemplateError) -> TemplateNode {
        var tokens = try TemplateTokenizer.tokens(tag)
        guard !tokens.isEmpty else { throw TemplateError("empty block") }
        let name = tokens.removeFirst()
        let (arguments, hash) = try arguments(tokens)
        let (body, end) = try parseNodes()
        var inverse: [TemplateNode] = []
        var closing = end
        if end == "else" {
            (inverse, closing) = try parseNodes()
        }
        guard closing == "/\(name)" else { throw TemplateError("{{#\(name)}} is not closed") }
        return .block(name: name, arguments: arguments, hash: hash, body: body, inverse: inverse)
    }

    private func expression(_ tag: String) throws(TemplateError) -> TemplateExpression {
        let tokens = try TemplateTokenizer.tokens(tag)
        guard let first = tokens.first else { throw TemplateError("empty {{}}") }
        if tokens.count == 1, !helperNames.contains(first) { return try Self.atom(first, helperNames: helperNames) }
        let (arguments, hash) = try arguments(Array(tokens.dropFirst()))
        return .call(name: first, arguments: arguments, hash: hash)
    }

    private func arguments(_ tokens: [String]) throws(TemplateError) -> ([TemplateExpression], [String: TemplateExpression]) {
        var positional: [TemplateExpression] = []
        var hash: [String: TemplateExpression] = [:]
        for token in tokens {
            if let equals = token.firstIndex(of: "="), !token.hasPrefix("'"), !token.hasPrefix("\""), !token.hasPrefix("(") {
                hash[String(token[..<equals])] = try Self.atom(String(token[token.index(after: equals)...]), helperNames: helperNames)
            } else {
                positional.append(try Self.atom(token, helperNames: helperNames))
            }
        }
        return (positional, hash)
    }

    /// One token: a literal, a `(subexpression)` or a path.
    static func atom(_ token: String, helperNames: Set<String>) throws(TemplateError) -> TemplateExpression {
        if token.count >= 2, let first = token.first, first == "'" || first == "\"", token.last == first {
            return .string(String(token.dropFirst().dropLast()))
        }
        if token == "true" || token == "false" { return .bool(token == "true") }
        if Double(token) != nil { return .number(token) }
        if token.hasPrefix("("), token.hasSuffix(")") {
            let parser = TemplateParser(source: [], helperNames: helperNames)
            let inner = String(token.dropFirst().dropLast())
            let tokens = try TemplateTokenizer.tokens(inner)
            guard let name = tokens.first else { throw TemplateError("empty subexpression") }
            let (arguments, hash) = try parser.arguments(Array(tokens.dropFirst()))
            return .call(name: name, arguments: arguments, hash: hash)
        }
        return .path(pathSegments(token))
    }

    /// `request.pathSegments.[1]` → `["request", "pathSegments", "1"]`; `this` is the empty path.
    private static func pathSegments(_ token: String) -> [String] {
        if token == "this" || token == "." { return [] }
        var segments: [String] = []
        var current = ""
        var inBrackets = false
        for character in token {
            switch character {
            case "[" where !inBrackets: inBrackets = true
            case "]" where inBrackets: inBrackets = false
            case "." where !inBrackets:
                if !current.isEmpty { segments.append(current) }
                current = ""
            default: current.append(character)
            }
        }
        if !current.isEmpty { segments.append(current) }
        if segments.first == "this" { segments.removeFirst() }
        return segments
    }
}

/// Splits the inside of `{{…}}` on spaces, keeping quoted strings and parentheses whole.
enum TemplateTokenizer {
    static func tokens(_ text: String) throws(TemplateError) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quote: Character?
        var depth = 0
        for character in text {
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                current.append(character)
            case "(":
                depth += 1
                current.append(character)
            case ")":
                depth -= 1
                current.append(character)
            case " ", "\t", "\n":
                if depth > 0 {
                    current.append(character)
                } else if !current.isEmpty {
                    tokens.append(current)
                    current = ""
                }
            default:
                current.append(character)
            }
        }
        guard quote == nil, depth == 0 else { throw TemplateError("unbalanced quotes or parentheses in {{\(text)}}") }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}

/// Why a template could not be parsed or rendered.
struct TemplateError: Error, Sendable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
