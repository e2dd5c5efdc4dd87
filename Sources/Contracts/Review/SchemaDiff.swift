/// Compares two versions of a schema keyword by keyword and classifies each change with the rule
/// table of `contracts/conventions.md`: tightening a constraint breaks producers, loosening it breaks
/// consumers, annotations are safe, and anything the table does not know is breaking for both.
/// The comparison is structural (it does not follow `$ref`s; a changed target is a changed `$ref`).
public enum SchemaDiff {
    /// Keywords that never change which instances are valid.
    static let annotations: Set<String> = [
        "title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly",
        "contentMediaType", "contentEncoding", "$anchor", "$id",
    ]
    /// Lower bounds: raising one (or adding it) refuses more.
    static let lowerBounds: Set<String> = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"]
    /// Upper bounds: lowering one (or adding it) refuses more.
    static let upperBounds: Set<String> = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"]
    /// Keywords holding one subschema, compared recursively.
    static let single: Set<String> = [
        "items", "additionalItems", "contains", "propertyNames", "if", "then", "else", "unevaluatedItems",
        "additionalProperties", "unevaluatedProperties", "contentSchema",
    ]
    /// Keywords holding named subschemas, compared name by name.
    static let maps: Set<String> = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]

    /// Every change from `old` to `new`.
    public static func changes(from old: JSONValue, to new: JSONValue) -> [SchemaChange] {
        var out: [SchemaChange] = []
        compare(old, new, at: "", inverted: false, into: &out)
        return out
    }

    private static func compare(_ old: JSONValue, _ new: JSONValue, at path: String, inverted: Bool, into out: inout [SchemaChange]) {
        func add(_ location: String, _ summary: String, _ c: Compatibility) {
            out.append(SchemaChange(location: location, summary: summary, compatibility: inverted ? c.inverted : c))
        }
        if old == new { return }
        // Boolean schemas: true accepts everything, false nothing.
        let oldObject = old.objectValue ?? JSONObject([])
        let newObject = new.objectValue ?? JSONObject([])
        if case .bool(let a) = old, case .bool(let b) = new {
            add(path, "schema \(a) became \(b)", b ? .breaksConsumers : .breaksProducers)
            return
        }
        if case .bool(let a) = old {
            add(path, "schema \(a) became an object schema", a ? .breaksProducers : .breaksConsumers)
            return
        }
        if case .bool(let b) = new {
            add(path, "object schema became \(b)", b ? .breaksConsumers : .breaksProducers)
            return
        }
        let closed = isClosed(newObject) || isClosed(oldObject)
        let keys = oldObject.keys + newObject.keys.filter { oldObject[$0] == nil }
        for key in keys {
            let a = oldObject[key], b = newObject[key]
            if a == b { continue }
            let location = path + "/" + JSONPointer.escape(key)
            if annotations.contains(key) {
                add(location, "\(key) changed", .safe)
            } else if maps.contains(key) {
                compareMap(key, a?.objectValue, b?.objectValue, at: location, closed: closed, inverted: inverted, into: &out)
            } else if single.contains(key) {
                compareSingle(key, a, b, at: location, inverted: inverted, into: &out)
            } else if lowerBounds.contains(key) || upperBounds.contains(key) {
                compareBound(key, a, b, at: location, lower: lowerBounds.contains(key), inverted: inverted, into: &out)
            } else {
                compareKeyword(key, a, b, at: location, inverted: inverted, into: &out)
            }
        }
    }

    private static func isClosed(_ o: JSONObject) -> Bool {
        o["additionalProperties"] == .bool(false) || o["unevaluatedProperties"] == .bool(false)
    }

    private static func compareMap(_ key: String, _ a: JSONObject?, _ b: JSONObject?, at location: String, closed: Bool,
                                   inverted: Bool, into out: inout [SchemaChange])
    {
        let old = a ?? JSONObject([]), new = b ?? JSONObject([])
        func add(_ l: String, _ s: String, _ c: Compatibility) {
            out.append(SchemaChange(location: l, summary: s, compatibility: inverted ? c.inverted : c))
        }
        for name in old.keys where new[name] == nil {
            let l = location + "/" + JSONPointer.escape(name)
            switch key {
            case "$defs", "definitions": add(l, "definition \(name) removed", .breaksBoth)
            case "properties", "patternProperties":
                add(l, "\(key == "properties" ? "property" : "pattern property") \(name) removed",
                    closed ? .breaksProducers : .breaksConsumers)
            default: add(l, "\(key) entry \(name) removed", .breaksConsumers)
            }
        }
        for name in new.keys where old[name] == nil {
            let l = location + "/" + JSONPointer.escape(name)
            switch key {
            case "$defs", "definitions": add(l, "definition \(name) added", .safe)
            case "properties", "patternProperties":
                add(l, "\(key == "properties" ? "property" : "pattern property") \(name) added",
                    closed ? .breaksConsumers : .breaksProducers)
            default: add(l, "\(key) entry \(name) added", .breaksProducers)
            }
        }
        for name in old.keys {
            guard let a = old[name], let b = new[name] else { continue }
            compare(a, b, at: location + "/" + JSONPointer.escape(name), inverted: inverted, into: &out)
        }
    }

    private static func compareSingle(_ key: String, _ a: JSONValue?, _ b: JSONValue?, at location: String, inverted: Bool,
                                      into out: inout [SchemaChange])
    {
        // An absent applicator behaves as `true` (contains: absent means no constraint at all).
        if key == "contains", a == nil || b == nil {
            let c: Compatibility = a == nil ? .breaksProducers : .breaksConsumers
            out.append(SchemaChange(location: location, summary: "contains \(a == nil ? "added" : "removed")",
                                    compatibility: inverted ? c.inverted : c))
            return
        }
        if key == "if" {
            out.append(SchemaChange(location: location, summary: "if \(a == nil ? "added" : b == nil ? "removed" : "changed")",
                                    compatibility: .breaksBoth))
            return
        }
        compare(a ?? .bool(true), b ?? .bool(true), at: location, inverted: inverted, into: &out)
    }

    private static func compareBound(_ key: String, _ a: JSONValue?, _ b: JSONValue?, at location: String, lower: Bool,
                                     inverted: Bool, into out: inout [SchemaChange])
    {
        func add(_ l: String, _ s: String, _ c: Compatibility) {
            out.append(SchemaChange(location: l, summary: s, compatibility: inverted ? c.inverted : c))
        }
        switch (a, b) {
        case (nil, .some(let v)): add(location, "\(key) \(JSONSerializer.string(v)) added", .breaksProducers)
        case (.some(let v), nil): add(location, "\(key) \(JSONSerializer.string(v)) removed", .breaksConsumers)
        case (.number(let x)?, .number(let y)?):
            let tighter = lower ? x < y : y < x
            add(location, "\(key) \(x) → \(y)", tighter ? .breaksProducers : .breaksConsumers)
        default: add(location, "\(key) changed", .breaksBoth)
        }
    }

    private static func compareKeyword(_ key: String, _ a: JSONValue?, _ b: JSONValue?, at location: String, inverted: Bool,
                                       into out: inout [SchemaChange])
    {
        func add(_ l: String, _ s: String, _ c: Compatibility) {
            out.append(SchemaChange(location: l, summary: s, compatibility: inverted ? c.inverted : c))
        }
        switch key {
        case "required":
            let old = Set(a?.arrayValue?.compactMap(\.stringValue) ?? []), new = Set(b?.arrayValue?.compactMap(\.stringValue) ?? [])
            for name in new.subtracting(old).sorted() { add(location, "\(name) became required", .breaksProducers) }
            for name in old.subtracting(new).sorted() { add(location, "\(name) is no longer required", .breaksConsumers) }
        case "type":
            let old = typeSet(a), new = typeSet(b)
            let added = new.subtracting(old), removed = old.subtracting(new)
            if !removed.isEmpty { add(location, "type no longer allows \(removed.sorted().joined(separator: ", "))", .breaksProducers) }
            if !added.isEmpty { add(location, "type now allows \(added.sorted().joined(separator: ", "))", .breaksConsumers) }
        case "enum":
            let old = a?.arrayValue, new = b?.arrayValue
            if old == nil { add(location, "enum added", .breaksProducers); return }
            if new == nil { add(location, "enum removed", .breaksConsumers); return }
            let removed = old!.filter { !new!.contains($0) }, added = new!.filter { !old!.contains($0) }
            if !removed.isEmpty { add(location, "enum values removed: \(JSONSerializer.string(.array(removed)))", .breaksProducers) }
            if !added.isEmpty { add(location, "enum values added: \(JSONSerializer.string(.array(added)))", .breaksConsumers) }
        case "const", "pattern", "format", "multipleOf", "uniqueItems", "dependentRequired":
            if a == nil { add(location, "\(key) added", .breaksProducers) }
            else if b == nil { add(location, "\(key) removed", .breaksConsumers) }
            else { add(location, "\(key) changed from \(JSONSerializer.string(a!)) to \(JSONSerializer.string(b!))", .breaksBoth) }
        case "allOf", "anyOf", "oneOf", "prefixItems":
            let old = a?.arrayValue ?? [], new = b?.arrayValue ?? []
            if old.count != new.count {
                let more = new.count > old.count
                let c: Compatibility = switch key {
                case "allOf", "prefixItems": more ? .breaksProducers : .breaksConsumers
                case "anyOf": more ? .breaksConsumers : .breaksProducers
                default: .breaksBoth
                }
                add(location, "\(key) has \(new.count) subschemas instead of \(old.count)", c)
            }
            for i in 0..<min(old.count, new.count) {
                compare(old[i], new[i], at: location + "/\(i)", inverted: inverted, into: &out)
            }
        case "not":
            compare(a ?? .bool(false), b ?? .bool(false), at: location, inverted: !inverted, into: &out)
        case "$schema":
            add(location, "$schema changed", .breaksBoth)
        default:
            add(location, "\(key) \(a == nil ? "added" : b == nil ? "removed" : "changed")", .breaksBoth)
        }
    }

    private static func typeSet(_ v: JSONValue?) -> Set<String> {
        guard let v else { return ["null", "boolean", "number", "integer", "string", "array", "object"] }
        var names = Set((v.arrayValue ?? [v]).compactMap(\.stringValue))
        if names.contains("number") { names.insert("integer") }
        return names
    }
}
