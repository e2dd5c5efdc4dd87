/// What each keyword checks.
extension Evaluator {
    mutating func evaluate(_ keyword: NamedKeyword, of node: SchemaNode, _ instance: JSONValue, _ ann: inout Annotations?) -> Bool {
        let name = keyword.name
        switch keyword.keyword {
        case .alwaysFalse:
            fail(node, name, "no value is allowed here (false schema)")
            return false
        case .ref(let target):
            return evaluate(target, instance, &ann)
        case .dynamicRef(let target, let anchor):
            return evaluate(dynamicTarget(target, anchor: anchor), instance, &ann)
        case .type(let types):
            if Self.matches(instance, types) { return true }
            fail(node, name, "expected \(types.names.joined(separator: " or ")), got \(instance.typeName)")
            return false
        case .const(let value):
            if instance == value { return true }
            fail(node, name, "must equal \(JSONSerializer.string(value))")
            return false
        case .enumeration(let values):
            if values.contains(instance) { return true }
            fail(node, name, "must be one of \(JSONSerializer.string(.array(values)))")
            return false
        case .multipleOf(let n):
            guard case .number(let v) = instance, !v.isMultiple(of: n) else { return true }
            fail(node, name, "\(v) is not a multiple of \(n)")
            return false
        case .maximum(let n):
            guard case .number(let v) = instance, n < v else { return true }
            fail(node, name, "\(v) is greater than \(n)")
            return false
        case .exclusiveMaximum(let n):
            guard case .number(let v) = instance, !(v < n) else { return true }
            fail(node, name, "\(v) is not less than \(n)")
            return false
        case .minimum(let n):
            guard case .number(let v) = instance, v < n else { return true }
            fail(node, name, "\(v) is less than \(n)")
            return false
        case .exclusiveMinimum(let n):
            guard case .number(let v) = instance, !(n < v) else { return true }
            fail(node, name, "\(v) is not greater than \(n)")
            return false
        case .maxLength(let n):
            guard case .string(let s) = instance, s.utf8.count > n, s.unicodeScalars.count > n else { return true }
            fail(node, name, "longer than \(n) characters")
            return false
        case .minLength(let n):
            guard case .string(let s) = instance, s.utf8.count < n || s.unicodeScalars.count < n else { return true }
            fail(node, name, "shorter than \(n) characters")
            return false
        case .pattern(let regex):
            guard case .string(let s) = instance else { return true }
            do {
                if try regex.firstMatch(in: s) { return true }
                fail(node, name, "does not match \(regex.pattern)")
            } catch {
                fail(node, name, "cannot be matched against \(regex.pattern): \(error)")
            }
            return false
        case .format(let format, let assert):
            guard assert, case .string(let s) = instance, !FormatChecker.isValid(s, format: format) else { return true }
            fail(node, name, "is not a valid \(format)")
            return false
        case .maxItems(let n):
            guard case .array(let a) = instance, a.count > n else { return true }
            fail(node, name, "has more than \(n) items")
            return false
        case .minItems(let n):
            guard case .array(let a) = instance, a.count < n else { return true }
            fail(node, name, "has fewer than \(n) items")
            return false
        case .uniqueItems:
            guard case .array(let a) = instance, let (i, j) = Self.firstDuplicate(a) else { return true }
            fail(node, name, "items \(i) and \(j) are equal")
            return false
        case .maxProperties(let n):
            guard case .object(let o) = instance, o.count > n else { return true }
            fail(node, name, "has more than \(n) properties")
            return false
        case .minProperties(let n):
            guard case .object(let o) = instance, o.count < n else { return true }
            fail(node, name, "has fewer than \(n) properties")
            return false
        case .required(let names):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for required in names where o.position(of: required) == nil {
                fail(node, name, "missing required property \(required)")
                ok = false
                if shortCircuit { break }
            }
            return ok
        case .dependentRequired(let dependencies):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for (property, needed) in dependencies where o.position(of: property) != nil {
                for other in needed where o.position(of: other) == nil {
                    fail(node, name, "property \(property) requires property \(other)")
                    ok = false
                    if shortCircuit { return false }
                }
            }
            return ok
        default:
            return evaluateApplicator(keyword, of: node, instance, &ann)
        }
    }

    static func matches(_ instance: JSONValue, _ types: Keyword.Types) -> Bool {
        switch instance {
        case .null: types.contains(.null)
        case .bool: types.contains(.boolean)
        case .number(let n): types.contains(.number) || (types.contains(.integer) && n.isInteger)
        case .string: types.contains(.string)
        case .array: types.contains(.array)
        case .object: types.contains(.object)
        }
    }

    static func firstDuplicate(_ a: [JSONValue]) -> (Int, Int)? {
        if a.count <= 16 {
            for i in a.indices {
                for j in (i + 1)..<a.count where a[i] == a[j] { return (i, j) }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        for (j, v) in a.enumerated() {
            if let i = seen[v] { return (i, j) }
            seen[v] = j
        }
        return nil
    }
}
