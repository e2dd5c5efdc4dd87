import Foundation

/// An XML element as `equalToXml` and `matchesXPath` see it: name, attributes, and children (elements
/// and text) in document order. A value type, so a parsed expectation can live in a `Sendable` stub.
public struct XMLTree: Sendable {
    /// A child of an element.
    public enum Node: Sendable {
        case element(XMLTree)
        case text(String)
    }

    public let name: String
    public let attributes: [(name: String, value: String)]
    public let children: [Node]

    /// The direct child elements.
    public var elements: [XMLTree] {
        children.compactMap { if case let .element(element) = $0 { element } else { nil } }
    }

    /// The direct text, trimmed: what `equalToXml` compares and `text()` selects.
    public var text: String {
        children.compactMap { if case let .text(text) = $0 { text } else { nil } }.joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// All text below this element, as XPath's string value of an element.
    public var stringValue: String {
        children.map { node in
            switch node {
            case let .text(text): text
            case let .element(element): element.stringValue
            }
        }.joined()
    }

    /// The name without its namespace prefix.
    public var localName: String { name.split(separator: ":").last.map(String.init) ?? name }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name || $0.name.split(separator: ":").last.map(String.init) == name }?.value
    }

    /// Same elements, attributes in any order, same trimmed text; whitespace between elements and
    /// comments do not count (XMLUnit's similarity as WireMock configures it).
    public func isSimilar(to other: XMLTree) -> Bool {
        guard name == other.name, text == other.text, attributes.count == other.attributes.count,
              attributes.allSatisfy({ other.attribute($0.name) == $0.value }) else { return false }
        let mine = elements
        let theirs = other.elements
        return mine.count == theirs.count && zip(mine, theirs).allSatisfy { $0.isSimilar(to: $1) }
    }

    /// Compact XML text, for sub-matchers that test an element as a whole.
    public var serialized: String {
        let attributeText = attributes.map { " \($0.name)=\"\(Self.escape($0.value))\"" }.joined()
        guard !children.isEmpty else { return "<\(name)\(attributeText)/>" }
        let inner = children.map { node in
            switch node {
            case let .text(text): Self.escape(text)
            case let .element(element): element.serialized
            }
        }.joined()
        return "<\(name)\(attributeText)>\(inner)</\(name)>"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
