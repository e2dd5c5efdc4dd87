/// Turns XPath text into ``XPathExpression/Step``s.
struct XPathParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func fail(_ message: String) -> XPathError {
        XPathError(message: "unsupported or invalid XPath at \(index): \(message)")
    }

    mutating func parse() throws(XPathError) -> [XPathExpression.Step] {
        var steps: [XPathExpression.Step] = []
        while index < scalars.count {
            var descendant = false
            if current == "/" {
                index += 1
                if current == "/" { index += 1; descendant = true }
            } else if !steps.isEmpty {
                throw fail("expected '/'")
            }
            steps.append(XPathExpression.Step(descendant: descendant, test: try parseTest(), predicates: try parsePredicates()))
        }
        guard !steps.isEmpty else { throw fail("empty path") }
        return steps
    }

    private mutating func parseTest() throws(XPathError) -> XPathExpression.Test {
        guard let scalar = current else { throw fail("expected a step") }
        if scalar == "*" { index += 1; return .anyElement }
        if scalar == "." { index += 1; return .current }
        if scalar == "@" {
            index += 1
            return .attribute(try parseName())
        }
        let name = try parseName()
        if name == "text", current == "(" {
            index += 1
            guard current == ")" else { throw fail("expected ')'") }
            index += 1
            return .text
        }
        return .name(name)
    }

    private mutating func parseName() throws(XPathError) -> String {
        var name = ""
        while let scalar = current, scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            || scalar == "_" || scalar == ":" || scalar == "-" || scalar == "." {
            name.unicodeScalars.append(scalar)
            index += 1
        }
        guard !name.isEmpty else { throw fail("expected a name") }
        return name
    }

    private mutating func skipSpaces() {
        while current == " " { index += 1 }
    }

    private mutating func parsePredicates() throws(XPathError) -> [XPathExpression.Predicate] {
        var predicates: [XPathExpression.Predicate] = []
        while current == "[" {
            index += 1
            skipSpaces()
            predicates.append(try parsePredicate())
            skipSpaces()
            guard current == "]" else { throw fail("expected ']'") }
            index += 1
        }
        return predicates
    }

    private mutating func parsePredicate() throws(XPathError) -> XPathExpression.Predicate {
        if let scalar = current, ("0"..."9").contains(scalar) {
            var digits = ""
            while let digit = current, ("0"..."9").contains(digit) {
                digits.unicodeScalars.append(digit)
                index += 1
            }
            return .position(Int(digits) ?? 0)
        }
        let test = try parseTest()
        skipSpaces()
        guard current == "=" else {
            switch test {
            case let .attribute(name): return .hasAttribute(name)
            case let .name(name): return .hasChild(name)
            default: throw fail("expected '='")
            }
        }
        index += 1
        skipSpaces()
        let literal = try parseLiteral()
        switch test {
        case let .attribute(name): return .attributeEquals(name, literal)
        case let .name(name): return .childEquals(name, literal)
        case .text, .current: return .textEquals(literal)
        case .anyElement: throw fail("'*' cannot be compared")
        }
    }

    private mutating func parseLiteral() throws(XPathError) -> String {
        guard let quote = current, quote == "'" || quote == "\"" else {
            var number = ""
            while let scalar = current, ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" {
                number.unicodeScalars.append(scalar)
                index += 1
            }
            guard !number.isEmpty else { throw fail("expected a quoted string or a number") }
            return number
        }
        index += 1
        var text = ""
        while let scalar = current, scalar != quote {
            text.unicodeScalars.append(scalar)
            index += 1
        }
        guard current == quote else { throw fail("unterminated string") }
        index += 1
        return text
    }
}
