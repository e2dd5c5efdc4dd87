/// A JSON document as the stub server reads and writes it.
///
/// HTTPMock keeps its own small JSON model rather than `JSONSerialization` so that object keys keep the
/// order they were written in (a `jsonBody` is echoed back exactly as the mapping author wrote it, as
/// WireMock's Jackson does) and numbers keep their source text (`1.0` stays `1.0`). It was written
/// while Contracts' JSON value was being rewritten, and is named apart from it (`MockJSON`, not
/// `JSONValue`) so that a file importing both modules stays unambiguous.
public enum MockJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal text, so that it round-trips unchanged.
    case number(String)
    case string(String)
    case array([MockJSON])
    /// Members in document order; a repeated key keeps its last value when read through ``subscript(_:)``.
    case object([(key: String, value: MockJSON)])

    public static func == (lhs: MockJSON, rhs: MockJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b || (Double(a) != nil && Double(a) == Double(b))
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)):
            a.count == b.count && a.allSatisfy { member in b.contains { $0.key == member.key && $0.value == member.value } }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(value): hasher.combine(value)
        case let .number(text): hasher.combine(Double(text) ?? 0)
        case let .string(value): hasher.combine(value)
        case let .array(values): hasher.combine(values)
        case let .object(members): hasher.combine(members.count)
        }
    }

    /// The member named `key` of an object, or nil for anything else.
    public subscript(_ key: String) -> MockJSON? {
        guard case let .object(members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The number as an `Int`, if this is an integral number.
    public var intValue: Int? {
        guard case let .number(text) = self else { return nil }
        if let value = Int(text) { return value }
        if let value = Double(text), value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        return nil
    }

    /// The number as a `Double`, if this is a number.
    public var doubleValue: Double? {
        if case let .number(text) = self { return Double(text) }
        return nil
    }

    /// The boolean, if this is one.
    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// The members of an object, if this is one.
    public var objectMembers: [(key: String, value: MockJSON)]? {
        if case let .object(members) = self { return members }
        return nil
    }

    /// The elements of an array, if this is one.
    public var arrayValues: [MockJSON]? {
        if case let .array(values) = self { return values }
        return nil
    }

    /// A copy of an object with `key` set to `value`: replaced in place if present, appended otherwise.
    public func setting(_ key: String, to value: MockJSON) -> MockJSON {
        guard case var .object(members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    /// A copy of an object without `key`.
    public func removing(_ key: String) -> MockJSON {
        guard case let .object(members) = self else { return self }
        return .object(members.filter { $0.key != key })
    }

    /// An integer as a JSON number.
    public static func int(_ value: Int) -> MockJSON { .number(String(value)) }
}
