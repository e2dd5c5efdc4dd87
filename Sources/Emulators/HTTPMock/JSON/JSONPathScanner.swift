/// Turns JsonPath text into ``JSONPath/Step``s.
struct JSONPathScanner {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private var atEnd: Bool { index >= scalars.count }
    private var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    private func fail(_ message: String) -> JSONPathError {
        JSONPathError(message: "invalid JsonPath at \(index): \(message)")
    }

    mutating func parsePath() throws(JSONPathError) -> [JSONPath.Step] {
        guard current == "$" else { throw fail("a path starts with '$'") }
        index += 1
        let steps = try parseSteps(until: nil)
        guard atEnd else { throw fail("unexpected '\(current!)'") }
        return steps
    }

    /// Steps until the end, or until a character in `stop` at the top level (inside a filter).
    private mutating func parseSteps(until stop: Set<Unicode.Scalar>?) throws(JSONPathError) -> [JSONPath.Step] {
        var steps: [JSONPath.Step] = []
        while let character = current {
            if let stop, stop.contains(character) { break }
            if character == "." {
                index += 1
                if current == "." {
                    index += 1
                    if current == "*" { index += 1; steps.append(.deepScan(nil)); continue }
                    if current == "[" { steps.append(.deepScan(nil)); continue }
                    steps.append(.deepScan(readName()))
                } else if current == "*" {
                    index += 1
                    steps.append(.wildcard)
                } else {
                    let name = readName()
                    guard !name.isEmpty else { throw fail("empty member name") }
                    if name == "length" || name == "size", current == "(" {
                        index += 1
                        guard current == ")" else { throw fail("expected ')'") }
                        index += 1
                        steps.append(.length)
                    } else {
                        steps.append(.member(name))
                    }
                }
            } else if character == "[" {
                index += 1
                steps.append(try parseBracket())
            } else if character == " " {
                break
            } else {
                throw fail("unexpected '\(character)'")
            }
        }
        return steps
    }

    private mutating func readName() -> String {
        var name = ""
        while let character = current, character != ".", character != "[", character != "(",
              character != " ", character != ")", character != "=", character != "!", character != "<",
              character != ">", character != "&", character != "|" {
            name.unicodeScalars.append(character)
            index += 1
        }
        return name
    }

    private mutating func parseBracket() throws(JSONPathError) -> JSONPath.Step {
        skipSpaces()
        guard let character = current else { throw fail("unterminated '['") }
        let step: JSONPath.Step
        if character == "*" {
            index += 1
            step = .wildcard
        } else if character == "'" || character == "\"" {
            step = .member(try readQuoted())
        } else if character == "?" {
            index += 1
            guard current == "(" else { throw fail("expected '(' after '?'") }
            index += 1
            let filter = try parseFilterOr()
            skipSpaces()
            guard current == ")" else { throw fail("expected ')' closing the filter") }
            index += 1
            step = .filter(filter)
        } else {
            var digits = ""
            while let digit = current, digit == "-" || ("0"..."9").contains(digit) {
                digits.unicodeScalars.append(digit)
                index += 1
            }
            guard let position = Int(digits) else { throw fail("expected an index, a quoted name, '*' or a filter") }
            step = .index(position)
        }
        skipSpaces()
        guard current == "]" else { throw fail("expected ']'") }
        index += 1
        return step
    }

    private mutating func readQuoted() throws(JSONPathError) -> String {
        let quote = current!
        index += 1
        var text = ""
        while let character = current, character != quote {
            text.unicodeScalars.append(character)
            index += 1
        }
        guard current == quote else { throw fail("unterminated string") }
        index += 1
        return text
    }

    private mutating func skipSpaces() {
        while current == " " { index += 1 }
    }

    private mutating func parseFilterOr() throws(JSONPathError) -> JSONPathFilter {
        var left = try parseFilterAnd()
        while true {
            skipSpaces()
            guard current == "|", index + 1 < scalars.count, scalars[index + 1] == "|" else { return left }
            index += 2
            left = .or(left, try parseFilterAnd())
        }
    }

    private mutating func parseFilterAnd() throws(JSONPathError) -> JSONPathFilter {
        var left = try parseFilterTerm()
        while true {
            skipSpaces()
            guard current == "&", index + 1 < scalars.count, scalars[index + 1] == "&" else { return left }
            index += 2
            left = .and(left, try parseFilterTerm())
        }
    }

    private mutating func parseFilterTerm() throws(JSONPathError) -> JSONPathFilter {
        skipSpaces()
        if current == "(" {
            index += 1
            let inner = try parseFilterOr()
            skipSpaces()
            guard current == ")" else { throw fail("expected ')'") }
            index += 1
            return inner
        }
        guard current == "@" else { throw fail("a filter term starts with '@'") }
        index += 1
        let steps = try parseSteps(until: [" ", ")", "=", "!", "<", ">", "&", "|"])
        skipSpaces()
        var op = ""
        while let character = current, "=!<>~".unicodeScalars.contains(character) {
            op.unicodeScalars.append(character)
            index += 1
        }
        guard !op.isEmpty else { return .exists(steps) }
        guard ["==", "!=", "<", "<=", ">", ">="].contains(op) else { throw fail("unsupported operator \(op)") }
        skipSpaces()
        return .compare(steps, op, try readLiteral())
    }

    private mutating func readLiteral() throws(JSONPathError) -> MockJSON {
        guard let character = current else { throw fail("expected a value") }
        if character == "'" || character == "\"" { return .string(try readQuoted()) }
        var text = ""
        while let next = current, next != ")", next != " ", next != "&", next != "|" {
            text.unicodeScalars.append(next)
            index += 1
        }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            guard Double(text) != nil else { throw fail("invalid literal \(text)") }
            return .number(text)
        }
    }
}
