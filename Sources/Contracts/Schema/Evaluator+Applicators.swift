/// The keywords that apply subschemas, in place or to children, and the annotations they produce.
extension Evaluator {
    mutating func evaluateApplicator(_ keyword: NamedKeyword, of node: SchemaNode, _ instance: JSONValue,
                                     _ ann: inout Annotations?) -> Bool
    {
        let name = keyword.name
        switch keyword.keyword {
        case .allOf(let targets):
            var ok = true
            for (i, t) in targets.enumerated() {
                if collecting { keywordPath.append(String(i)) }
                let valid = evaluate(t, instance, &ann)
                if collecting { keywordPath.removeLast() }
                if !valid {
                    ok = false
                    if shortCircuit { break }
                }
            }
            return ok
        case .anyOf(let targets):
            var matched = 0
            for t in targets {
                if evaluateSilently(t, instance, &ann) {
                    matched += 1
                    if ann == nil { break }
                }
            }
            if matched > 0 { return true }
            fail(node, name, "does not match any of the \(targets.count) subschemas")
            return false
        case .oneOf(let targets):
            var matched: [Int] = []
            var collected: Annotations? = ann == nil ? nil : Annotations()
            for (i, t) in targets.enumerated() {
                if evaluateSilently(t, instance, &collected) {
                    matched.append(i)
                    if matched.count > 1, !collecting { break }
                }
            }
            if matched.count == 1 {
                if let collected { ann?.merge(collected) }
                return true
            }
            fail(node, name, matched.isEmpty ? "does not match any of the \(targets.count) subschemas"
                                             : "matches subschemas \(matched.map(String.init).joined(separator: ", ")), not exactly one")
            return false
        case .not(let t):
            var none: Annotations? = nil
            if !evaluateSilently(t, instance, &none) { return true }
            fail(node, name, "must not match the subschema")
            return false
        case .conditional(let condition, let then, let otherwise):
            var collected: Annotations? = ann == nil ? nil : Annotations()
            if evaluateSilently(condition, instance, &collected) {
                if let collected { ann?.merge(collected) }
                guard let then else { return true }
                if collecting { keywordPath[keywordPath.count - 1] = "then" }
                return evaluate(then, instance, &ann)
            }
            guard let otherwise else { return true }
            if collecting { keywordPath[keywordPath.count - 1] = "else" }
            return evaluate(otherwise, instance, &ann)
        case .dependentSchemas(let dependencies):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for (property, t) in dependencies where o.position(of: property) != nil {
                if collecting { keywordPath.append(property) }
                let valid = evaluate(t, instance, &ann)
                if collecting { keywordPath.removeLast() }
                if !valid {
                    ok = false
                    if shortCircuit { break }
                }
            }
            return ok
        default:
            return evaluateChildren(keyword, of: node, instance, &ann)
        }
    }

    private mutating func evaluateChildren(_ keyword: NamedKeyword, of node: SchemaNode, _ instance: JSONValue,
                                           _ ann: inout Annotations?) -> Bool
    {
        let name = keyword.name
        switch keyword.keyword {
        case .properties(let properties):
            guard case .object(let o) = instance else { return true }
            var ok = true
            var next = 0
            for (property, t) in properties {
                guard let position = o.position(of: property, from: next) else { continue }
                next = position + 1
                ann?.members.insert(position)
                if collecting { keywordPath.append(property) }
                let valid = evaluateChild(t, o.members[position].value, token: property)
                if collecting { keywordPath.removeLast() }
                if !valid {
                    ok = false
                    if shortCircuit { break }
                }
            }
            return ok
        case .patternProperties(let patterns):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for (position, member) in o.members.enumerated() {
                for (regex, t) in patterns where (try? regex.firstMatch(in: member.key)) == true {
                    ann?.members.insert(position)
                    if collecting { keywordPath.append(regex.pattern) }
                    let valid = evaluateChild(t, member.value, token: member.key)
                    if collecting { keywordPath.removeLast() }
                    if !valid {
                        ok = false
                        if shortCircuit { return false }
                    }
                }
            }
            return ok
        case .additionalProperties(let t, let names, let patterns):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for (position, member) in o.members.enumerated() {
                if names.contains(where: { $0.isIdentical(to: member.key) }) { continue }
                if patterns.contains(where: { (try? $0.firstMatch(in: member.key)) == true }) { continue }
                ann?.members.insert(position)
                if isFalse(t) {
                    fail(node, name, "property \(member.key) is not allowed")
                    ok = false
                    if shortCircuit { return false }
                } else if !evaluateChild(t, member.value, token: member.key) {
                    ok = false
                    if shortCircuit { return false }
                }
            }
            return ok
        case .propertyNames(let t):
            guard case .object(let o) = instance else { return true }
            for member in o.members {
                var none: Annotations? = nil
                if !evaluateSilently(t, .string(member.key), &none) {
                    fail(node, name, "property name \(member.key) is not valid")
                    return false
                }
            }
            return true
        case .prefixItems(let targets):
            guard case .array(let a) = instance else { return true }
            let n = min(targets.count, a.count)
            ann?.items.insertAll(below: n)
            var ok = true
            for i in 0..<n {
                if collecting { keywordPath.append(String(i)) }
                let valid = evaluateChild(targets[i], a[i], token: String(i))
                if collecting { keywordPath.removeLast() }
                if !valid {
                    ok = false
                    if shortCircuit { break }
                }
            }
            return ok
        case .items(let t, let start):
            guard case .array(let a) = instance, start < a.count else { return true }
            ann?.items.insertAll(below: a.count)
            var ok = true
            for i in start..<a.count where isFalse(t) || !evaluateChild(t, a[i], token: String(i)) {
                if isFalse(t) { fail(node, name, "item \(i) is not allowed") }
                ok = false
                if shortCircuit { break }
            }
            return ok
        case .contains(let t, let minimum, let maximum):
            guard case .array(let a) = instance else { return true }
            var count = 0
            for (i, item) in a.enumerated() {
                var none: Annotations? = nil
                if evaluateSilently(t, item, &none) {
                    count += 1
                    ann?.items.insert(i)
                    if ann == nil, !collecting, count >= minimum, maximum == nil { break }
                }
            }
            if count < minimum {
                fail(node, name, minimum == 1 ? "no item matches the contains subschema" : "fewer than \(minimum) items match the contains subschema")
                return false
            }
            if let maximum, count > maximum {
                fail(node, name, "more than \(maximum) items match the contains subschema")
                return false
            }
            return true
        case .unevaluatedItems(let t):
            guard case .array(let a) = instance else { return true }
            let seen = ann?.items ?? IndexBits()
            var ok = true
            for i in a.indices where !seen.contains(i) && (isFalse(t) || !evaluateChild(t, a[i], token: String(i))) {
                if isFalse(t) { fail(node, name, "item \(i) is not allowed (unevaluated)") }
                ok = false
                if shortCircuit { break }
            }
            if ok { ann?.items.insertAll(below: a.count) }
            return ok
        case .unevaluatedProperties(let t):
            guard case .object(let o) = instance else { return true }
            let seen = ann?.members ?? IndexBits()
            var ok = true
            for (position, member) in o.members.enumerated() where !seen.contains(position) {
                if isFalse(t) || !evaluateChild(t, member.value, token: member.key) {
                    if isFalse(t) { fail(node, name, "property \(member.key) is not allowed (unevaluated)") }
                    ok = false
                    if shortCircuit { break }
                }
            }
            if ok { ann?.members.insertAll(below: o.count) }
            return ok
        default:
            return true
        }
    }

    /// True for the `false` schema: its failures are reported by the parent keyword, which can name
    /// the member or item, instead of as a bare "false schema" error.
    private func isFalse(_ n: Int) -> Bool {
        if case .alwaysFalse? = nodes[n].keywords.first?.keyword { return true }
        return false
    }
}
