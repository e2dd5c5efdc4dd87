/// A filter predicate, `[?(@.price < 10 && @.name)]`: comparisons of relative paths with literals,
/// existence tests, and `&&` / `||`.
indirect enum JSONPathFilter: Sendable {
    case exists([JSONPath.Step])
    case compare([JSONPath.Step], String, MockJSON)
    case and(JSONPathFilter, JSONPathFilter)
    case or(JSONPathFilter, JSONPathFilter)

    func test(_ candidate: MockJSON) -> Bool {
        switch self {
        case let .exists(steps):
            return !Self.resolve(steps, candidate).isEmpty
        case let .compare(steps, op, literal):
            guard let value = Self.resolve(steps, candidate).first else { return false }
            return Self.compare(value, op, literal)
        case let .and(left, right):
            return left.test(candidate) && right.test(candidate)
        case let .or(left, right):
            return left.test(candidate) || right.test(candidate)
        }
    }

    private static func resolve(_ steps: [JSONPath.Step], _ value: MockJSON) -> [MockJSON] {
        var current = [value]
        for step in steps { current = current.flatMap { JSONPath.apply(step, to: $0) } }
        return current
    }

    private static func compare(_ value: MockJSON, _ op: String, _ literal: MockJSON) -> Bool {
        if let left = value.doubleValue, let right = literal.doubleValue ?? literal.stringValue.flatMap(Double.init) {
            switch op {
            case "==": return left == right
            case "!=": return left != right
            case "<": return left < right
            case "<=": return left <= right
            case ">": return left > right
            case ">=": return left >= right
            default: return false
            }
        }
        switch op {
        case "==": return value == literal
        case "!=": return value != literal
        default:
            guard let left = value.stringValue, let right = literal.stringValue else { return false }
            switch op {
            case "<": return left < right
            case "<=": return left <= right
            case ">": return left > right
            case ">=": return left >= right
            default: return false
            }
        }
    }
}
