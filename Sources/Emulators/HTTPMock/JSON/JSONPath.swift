/// A JsonPath expression (Jayway syntax, the subset stubs use): `$.a.b`, `$['a']`, `$.list[0]`,
/// `$.list[*]`, `$..name`, `$.list[?(@.id == 3)]`, `$.list.length()`.
///
/// Like Jayway, a path with a wildcard, deep scan or filter is *indefinite* and yields a list; any
/// other path yields one value or nothing.
public struct JSONPath: Sendable {
    indirect enum Step: Sendable {
        case member(String)
        case index(Int)
        case wildcard
        case deepScan(String?)
        case filter(JSONPathFilter)
        case length
    }

    public let expression: String
    let steps: [Step]

    /// Whether evaluation yields a list rather than a single value.
    public var isIndefinite: Bool {
        steps.contains { step in
            switch step {
            case .wildcard, .deepScan, .filter: true
            default: false
            }
        }
    }

    /// Parses `expression`; throws a message naming the problem if it is not a path this parser knows.
    public init(_ expression: String) throws(JSONPathError) {
        self.expression = expression
        var scanner = JSONPathScanner(Array(expression.unicodeScalars))
        self.steps = try scanner.parsePath()
    }

    /// Evaluates the path: nil if a definite path reaches nothing; a list for indefinite paths.
    public func evaluate(_ document: MockJSON) -> MockJSON? {
        var current: [MockJSON] = [document]
        for step in steps {
            current = current.flatMap { Self.apply(step, to: $0) }
        }
        if isIndefinite { return .array(current) }
        return current.first
    }

    static func apply(_ step: Step, to value: MockJSON) -> [MockJSON] {
        switch step {
        case let .member(name):
            return value[name].map { [$0] } ?? []
        case let .index(position):
            guard let values = value.arrayValues else { return [] }
            let resolved = position < 0 ? values.count + position : position
            return values.indices.contains(resolved) ? [values[resolved]] : []
        case .wildcard:
            if let values = value.arrayValues { return values }
            if let members = value.objectMembers { return members.map(\.value) }
            return []
        case let .deepScan(name):
            return deepScan(value, name: name)
        case let .filter(filter):
            let candidates = value.arrayValues ?? (value.objectMembers != nil ? [value] : [])
            return candidates.filter { filter.test($0) }
        case .length:
            if let values = value.arrayValues { return [.int(values.count)] }
            if let members = value.objectMembers { return [.int(members.count)] }
            if let text = value.stringValue { return [.int(text.count)] }
            return []
        }
    }

    private static func deepScan(_ value: MockJSON, name: String?) -> [MockJSON] {
        var found: [MockJSON] = []
        if let name, let member = value[name] { found.append(member) }
        if name == nil { found.append(value) }
        if let values = value.arrayValues {
            for child in values { found += deepScan(child, name: name) }
        } else if let members = value.objectMembers {
            for member in members { found += deepScan(member.value, name: name) }
        }
        return found
    }
}

/// Why a JsonPath expression could not be parsed.
public struct JSONPathError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
