import Foundation

/// The XPath 1.0 location paths stubs use with `matchesXPath`: `/a/b`, `//b`, `*`, `.`, `text()`,
/// `@attr`, and predicates `[n]`, `[@attr]`, `[@attr='v']`, `[child='v']`, `[text()='v']`.
/// Namespace prefixes in names are matched by local name.
public struct XPathExpression: Sendable {
    /// What a path selects: elements, or the strings of attributes and text nodes.
    public enum Item: Sendable {
        case element(XMLTree)
        case string(String)
    }

    enum Test: Sendable {
        case name(String)
        case anyElement
        case text
        case attribute(String)
        case current
    }

    enum Predicate: Sendable {
        case position(Int)
        case hasAttribute(String)
        case attributeEquals(String, String)
        case childEquals(String, String)
        case textEquals(String)
        case hasChild(String)
    }

    struct Step: Sendable {
        let descendant: Bool
        let test: Test
        let predicates: [Predicate]
    }

    public let expression: String
    let steps: [Step]

    public init(_ expression: String) throws(XPathError) {
        self.expression = expression
        var parser = XPathParser(Array(expression.unicodeScalars))
        steps = try parser.parse()
    }

    /// Evaluates the path against a document's root element.
    public func evaluate(_ root: XMLTree) -> [Item] {
        // nil stands for the document node above the root.
        var contexts: [XMLTree?] = [nil]
        var strings: [String] = []
        for (position, step) in steps.enumerated() {
            var next: [XMLTree?] = []
            for context in contexts {
                let candidates: [XMLTree]
                if case .current = step.test {
                    candidates = context.map { [$0] } ?? [root]
                } else if step.descendant {
                    candidates = context.map { Self.descendants(of: $0) } ?? [root] + Self.descendants(of: root)
                } else {
                    candidates = context.map(\.elements) ?? [root]
                }
                switch step.test {
                case let .attribute(name):
                    let owners = step.descendant ? ([context ?? root] + candidates) : [context ?? root]
                    strings += owners.compactMap { $0.attribute(name) }
                case .text:
                    let owners = step.descendant ? ([context ?? root] + candidates) : (context.map { [$0] } ?? [])
                    strings += owners.flatMap { owner in
                        owner.children.compactMap { node -> String? in
                            guard case let .text(text) = node, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
                            return text
                        }
                    }
                case let .name(name):
                    next += Self.filter(candidates.filter { $0.name == name || $0.localName == name }, step.predicates)
                case .anyElement, .current:
                    next += Self.filter(candidates, step.predicates)
                }
            }
            if position == steps.count - 1 {
                return next.compactMap { $0 }.map(Item.element) + strings.map(Item.string)
            }
            contexts = next
        }
        return []
    }

    private static func descendants(of element: XMLTree) -> [XMLTree] {
        element.elements.flatMap { [$0] + descendants(of: $0) }
    }

    private static func filter(_ elements: [XMLTree], _ predicates: [Predicate]) -> [XMLTree?] {
        var selected = elements
        for predicate in predicates {
            switch predicate {
            case let .position(position):
                selected = selected.indices.contains(position - 1) ? [selected[position - 1]] : []
            case let .hasAttribute(name):
                selected = selected.filter { $0.attribute(name) != nil }
            case let .attributeEquals(name, value):
                selected = selected.filter { $0.attribute(name) == value }
            case let .childEquals(name, value):
                selected = selected.filter { $0.elements.contains { ($0.name == name || $0.localName == name) && $0.stringValue == value } }
            case let .textEquals(value):
                selected = selected.filter { $0.stringValue == value }
            case let .hasChild(name):
                selected = selected.filter { $0.elements.contains { $0.name == name || $0.localName == name } }
            }
        }
        return selected
    }
}

/// Why an XPath expression was refused.
public struct XPathError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
