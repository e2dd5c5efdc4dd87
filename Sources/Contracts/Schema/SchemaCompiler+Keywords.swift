/// Compiling the keywords of one subschema, draft by draft and vocabulary by vocabulary.
extension SchemaCompiler {
    mutating func compileKeywords(of value: JSONValue, at site: Site, into index: Int) throws(SchemaError) {
        let location = nodes[index].location
        let o: JSONObject
        switch value {
        case .bool(true): return
        case .bool(false):
            nodes[index].keywords = [NamedKeyword(name: "false", keyword: .alwaysFalse)]
            return
        case .object(let object): o = object
        default: throw SchemaError(.malformed, "a schema must be an object or a boolean", at: location)
        }
        var out: [NamedKeyword] = []
        var last: [NamedKeyword] = []
        func add(_ name: String, _ k: Keyword) { out.append(NamedKeyword(name: name, keyword: k)) }
        let dialect = site.dialect
        let draft7 = dialect.draft == .draft7

        // Subschema helpers.
        func sub(_ name: String, _ suffix: String = "") throws(SchemaError) -> Int {
            try node(forKey: Self.key(site.doc, site.pointer + "/" + JSONPointer.escape(name) + suffix))
        }
        func subs(_ name: String) throws(SchemaError) -> [Int] {
            guard case .array(let a)? = o[name], !a.isEmpty else {
                throw SchemaError(.malformed, "\(name) must be a non-empty array of schemas", at: location + "/" + name)
            }
            var out: [Int] = []
            for i in a.indices { out.append(try sub(name, "/\(i)")) }
            return out
        }
        func subMap(_ name: String) throws(SchemaError) -> [(String, Int)] {
            guard case .object(let m)? = o[name] else {
                throw SchemaError(.malformed, "\(name) must be an object of schemas", at: location + "/" + name)
            }
            var out: [(String, Int)] = []
            for e in m.members { out.append((e.key, try sub(name, "/" + JSONPointer.escape(e.key)))) }
            return out
        }
        func count(_ name: String) throws(SchemaError) -> Int? {
            guard let v = o[name] else { return nil }
            guard case .number(let n) = v, n.isInteger, let i = n.int64Value, i >= 0 else {
                throw SchemaError(.malformed, "\(name) must be a non-negative integer", at: location + "/" + name)
            }
            return Int(clamping: i)
        }
        func number(_ name: String) throws(SchemaError) -> JSONNumber? {
            guard let v = o[name] else { return nil }
            guard case .number(let n) = v else { throw SchemaError(.malformed, "\(name) must be a number", at: location + "/" + name) }
            return n
        }
        func regex(_ pattern: String, _ at: String) throws(SchemaError) -> ECMARegex {
            do { return try ECMARegex(pattern) } catch {
                throw SchemaError(.invalidRegex, "invalid regular expression \(pattern): \(error)", at: location + "/" + at)
            }
        }
        func stringList(_ v: JSONValue, _ at: String) throws(SchemaError) -> [String] {
            guard case .array(let a) = v else { throw SchemaError(.malformed, "\(at) must be an array of strings", at: location + "/" + at) }
            var out: [String] = []
            for e in a {
                guard case .string(let s) = e else { throw SchemaError(.malformed, "\(at) must be an array of strings", at: location + "/" + at) }
                out.append(s)
            }
            return out
        }

        // Core.
        if case .string(let ref)? = o["$ref"] {
            let key = try resolve(ref, from: site, at: location + "/$ref")
            add("$ref", .ref(try node(forKey: key)))
            if draft7 {
                nodes[index].keywords = out
                return
            }
        }
        if !draft7, case .string(let ref)? = o["$dynamicRef"] {
            let key = try resolve(ref, from: site, at: location + "/$dynamicRef")
            let target = try node(forKey: key)
            let fragment = URIReference(ref).fragment ?? ""
            let anchor = !fragment.isEmpty && !fragment.hasPrefix("/") && isDynamicAnchor(key, named: fragment) ? fragment : nil
            add("$dynamicRef", .dynamicRef(target, anchor: anchor))
        }

        // Validation.
        if dialect.has(.validation) {
            if let t = o["type"] {
                var types: Keyword.Types = []
                let names: [JSONValue] = if case .array(let a) = t { a } else { [t] }
                for n in names {
                    guard case .string(let s) = n, let type = Keyword.Types(name: s) else {
                        throw SchemaError(.malformed, "unknown type \(JSONSerializer.string(n))", at: location + "/type")
                    }
                    types.insert(type)
                }
                add("type", .type(types))
            }
            if let c = o["const"] { add("const", .const(c)) }
            if let e = o["enum"] {
                guard case .array(let values) = e else { throw SchemaError(.malformed, "enum must be an array", at: location + "/enum") }
                add("enum", .enumeration(values))
            }
            if let n = try number("multipleOf") {
                guard JSONNumber(0) < n else { throw SchemaError(.malformed, "multipleOf must be positive", at: location + "/multipleOf") }
                add("multipleOf", .multipleOf(n))
            }
            if let n = try number("maximum") { add("maximum", .maximum(n)) }
            if let n = try number("exclusiveMaximum") { add("exclusiveMaximum", .exclusiveMaximum(n)) }
            if let n = try number("minimum") { add("minimum", .minimum(n)) }
            if let n = try number("exclusiveMinimum") { add("exclusiveMinimum", .exclusiveMinimum(n)) }
            if let n = try count("maxLength") { add("maxLength", .maxLength(n)) }
            if let n = try count("minLength") { add("minLength", .minLength(n)) }
            if let p = o["pattern"] {
                guard case .string(let s) = p else { throw SchemaError(.malformed, "pattern must be a string", at: location + "/pattern") }
                add("pattern", .pattern(try regex(s, "pattern")))
            }
            if let n = try count("maxItems") { add("maxItems", .maxItems(n)) }
            if let n = try count("minItems") { add("minItems", .minItems(n)) }
            if o["uniqueItems"] == .bool(true) { add("uniqueItems", .uniqueItems) }
            if let n = try count("maxProperties") { add("maxProperties", .maxProperties(n)) }
            if let n = try count("minProperties") { add("minProperties", .minProperties(n)) }
            if let r = o["required"] { add("required", .required(try stringList(r, "required"))) }
            if !draft7, case .object(let m)? = o["dependentRequired"] {
                var deps: [(String, [String])] = []
                for e in m.members { deps.append((e.key, try stringList(e.value, "dependentRequired/" + e.key))) }
                add("dependentRequired", .dependentRequired(deps))
            }
        }
        if dialect.has(.formatAnnotation) || dialect.has(.formatAssertion), case .string(let f)? = o["format"] {
            add("format", .format(f, assert: formatAssertion || (!draft7 && dialect.vocabularies.contains(.formatAssertion))))
        }

        // Applicators.
        if dialect.has(.applicator) {
            if o["allOf"] != nil { add("allOf", .allOf(try subs("allOf"))) }
            if o["anyOf"] != nil { add("anyOf", .anyOf(try subs("anyOf"))) }
            if o["oneOf"] != nil { add("oneOf", .oneOf(try subs("oneOf"))) }
            if o["not"] != nil { add("not", .not(try sub("not"))) }
            if o["if"] != nil {
                let thenNode: Int? = o["then"] != nil ? try sub("then") : nil
                let elseNode: Int? = o["else"] != nil ? try sub("else") : nil
                add("if", .conditional(if: try sub("if"), then: thenNode, else: elseNode))
            }
            var names: [String] = []
            var patterns: [ECMARegex] = []
            if o["properties"] != nil {
                let props = try subMap("properties")
                names = props.map(\.0)
                add("properties", .properties(props))
            }
            if case .object(let m)? = o["patternProperties"] {
                var list: [(ECMARegex, Int)] = []
                for e in m.members {
                    let r = try regex(e.key, "patternProperties")
                    patterns.append(r)
                    list.append((r, try sub("patternProperties", "/" + JSONPointer.escape(e.key))))
                }
                add("patternProperties", .patternProperties(list))
            }
            if o["additionalProperties"] != nil {
                add("additionalProperties", .additionalProperties(try sub("additionalProperties"), names: names, patterns: patterns))
            }
            if o["propertyNames"] != nil { add("propertyNames", .propertyNames(try sub("propertyNames"))) }
            if draft7 {
                if case .object(let m)? = o["dependencies"] {
                    var required: [(String, [String])] = []
                    var schemas: [(String, Int)] = []
                    for e in m.members {
                        if case .array = e.value {
                            required.append((e.key, try stringList(e.value, "dependencies/" + e.key)))
                        } else {
                            schemas.append((e.key, try sub("dependencies", "/" + JSONPointer.escape(e.key))))
                        }
                    }
                    if !required.isEmpty { add("dependencies", .dependentRequired(required)) }
                    if !schemas.isEmpty { add("dependencies", .dependentSchemas(schemas)) }
                }
                if case .array(let a)? = o["items"] {
                    var list: [Int] = []
                    for i in a.indices { list.append(try sub("items", "/\(i)")) }
                    add("items", .prefixItems(list))
                    if o["additionalItems"] != nil { add("additionalItems", .items(try sub("additionalItems"), start: a.count)) }
                } else if o["items"] != nil {
                    add("items", .items(try sub("items"), start: 0))
                }
                if o["contains"] != nil { add("contains", .contains(try sub("contains"), min: 1, max: nil)) }
            } else {
                if o["dependentSchemas"] != nil { add("dependentSchemas", .dependentSchemas(try subMap("dependentSchemas"))) }
                var prefixCount = 0
                if o["prefixItems"] != nil {
                    let list = try subs("prefixItems")
                    prefixCount = list.count
                    add("prefixItems", .prefixItems(list))
                }
                if o["items"] != nil { add("items", .items(try sub("items"), start: prefixCount)) }
                if o["contains"] != nil {
                    let validation = dialect.has(.validation)
                    let minimum = validation ? try count("minContains") ?? 1 : 1
                    let maximum = validation ? try count("maxContains") : nil
                    add("contains", .contains(try sub("contains"), min: minimum, max: maximum))
                }
            }
        }
        if !draft7, dialect.has(.unevaluated) {
            if o["unevaluatedItems"] != nil {
                last.append(NamedKeyword(name: "unevaluatedItems", keyword: .unevaluatedItems(try sub("unevaluatedItems"))))
            }
            if o["unevaluatedProperties"] != nil {
                last.append(NamedKeyword(name: "unevaluatedProperties", keyword: .unevaluatedProperties(try sub("unevaluatedProperties"))))
            }
        }
        nodes[index].keywords = out + last
        nodes[index].collectsAnnotations = !last.isEmpty
    }
}
