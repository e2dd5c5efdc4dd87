/// Turns schema documents into `SchemaNode`s: it finds every resource (`$id`), anchor and dynamic
/// anchor first, then compiles subschemas on demand from a work queue, resolving each `$ref` to a
/// node index. References are resolved once here, never during validation, and remote documents
/// come only from the caller's registry or the built-in metaschemas (no network).
struct SchemaCompiler {
    /// Where a subschema sits and what is in force there.
    struct Site {
        let doc: Int
        let pointer: String
        let base: URIReference
        let resourceURI: String
        let resourcePointer: String
        let dialect: Dialect
    }

    private struct Resource {
        let doc: Int
        let pointer: String
        let dialect: Dialect
    }

    private var documents: [JSONValue] = []
    private var sites: [String: Site] = [:]
    private var resources: [String: Resource] = [:]
    private var anchors: [String: String] = [:]
    private var dynamicAnchorSites: [String: [String: String]] = [:]
    private var nodeIndex: [String: Int] = [:]
    private var queue: [(key: String, index: Int)] = []
    var nodes: [SchemaNode] = []
    private(set) var resourceTable: [SchemaResource] = []
    private var resourceIndex: [String: Int] = [:]
    private let registry: [String: JSONValue]
    private let defaultDialect: Dialect
    let formatAssertion: Bool

    init(registry: [String: JSONValue], defaultDraft: Draft, formatAssertion: Bool) {
        self.registry = registry
        self.defaultDialect = Dialect(draft: defaultDraft)
        self.formatAssertion = formatAssertion
    }

    static func key(_ doc: Int, _ pointer: String) -> String { "\(doc)\u{0}\(pointer)" }

    /// Compiles `root` (known by `baseURI`) and everything it reaches; returns the root node index.
    mutating func compileRoot(_ root: JSONValue, baseURI: String) throws(SchemaError) -> Int {
        let doc = try addDocument(root, uri: baseURI, dialect: defaultDialect)
        let rootIndex = try node(forKey: Self.key(doc, ""))
        try drain()
        // Dynamic anchors may be reached through the dynamic scope only: compile them all.
        var compiledAnchors = 0
        while compiledAnchors < dynamicAnchorKeys.count {
            let keys = dynamicAnchorKeys
            for key in keys[compiledAnchors...] { _ = try node(forKey: key) }
            compiledAnchors = keys.count
            try drain()
        }
        for (uri, anchorsByName) in dynamicAnchorSites {
            guard let r = resourceIndex[uri] else { continue }
            for (name, key) in anchorsByName { if let i = nodeIndex[key] { resourceTable[r].dynamicAnchors[name] = i } }
        }
        try checkInPlaceCycles()
        return rootIndex
    }

    private var dynamicAnchorKeys: [String] {
        dynamicAnchorSites.keys.sorted().flatMap { uri in dynamicAnchorSites[uri]!.keys.sorted().map { dynamicAnchorSites[uri]![$0]! } }
    }

    private mutating func drain() throws(SchemaError) {
        while let (key, index) = queue.popLast() {
            let site = sites[key]!
            let value = JSONPointer.resolve(JSONPointer.tokens(site.pointer)!, in: documents[site.doc])!
            try compileKeywords(of: value, at: site, into: index)
        }
    }

    // MARK: documents and discovery

    private mutating func addDocument(_ root: JSONValue, uri: String, dialect: Dialect) throws(SchemaError) -> Int {
        let doc = documents.count
        documents.append(root)
        let base = URIReference(uri).withoutFragment
        resources[base.description] = Resource(doc: doc, pointer: "", dialect: try rootDialect(of: root, fallback: dialect, at: uri))
        try discover(root, doc: doc, pointer: "", base: base, resourceURI: base.description, resourcePointer: "",
                     dialect: resources[base.description]!.dialect)
        return doc
    }

    private mutating func rootDialect(of value: JSONValue, fallback: Dialect, at location: String) throws(SchemaError) -> Dialect {
        guard case .string(let uri)? = value["$schema"] else { return fallback }
        return try dialect(forMetaschema: uri, at: location)
    }

    /// The dialect named by a `$schema`: a known draft, or a custom metaschema from the registry
    /// whose `$vocabulary` selects the vocabularies.
    private mutating func dialect(forMetaschema uri: String, at location: String) throws(SchemaError) -> Dialect {
        if let draft = Draft(metaschemaURI: uri) { return Dialect(draft: draft) }
        let id = URIReference(uri).withoutFragment.description
        guard let meta = registry[id] ?? registry[uri] else {
            throw SchemaError(.unknownDialect, "unknown $schema \(uri)", at: location)
        }
        guard case .string(let metaSchemaURI)? = meta["$schema"], let draft = Draft(metaschemaURI: metaSchemaURI) else {
            throw SchemaError(.unknownDialect, "the metaschema \(uri) is not based on a supported draft", at: location)
        }
        guard case .object(let vocabularies)? = meta["$vocabulary"] else { return Dialect(draft: draft) }
        var set: Set<Vocabulary> = []
        for member in vocabularies.members {
            if let v = Vocabulary(rawValue: member.key) {
                set.insert(v)
            } else if member.value == .bool(true) {
                throw SchemaError(.unknownVocabulary, "required vocabulary \(member.key) is not supported", at: location)
            }
        }
        return Dialect(draft: draft, vocabularies: set)
    }

    private mutating func discover(_ value: JSONValue, doc: Int, pointer: String, base: URIReference, resourceURI: String,
                                   resourcePointer: String, dialect: Dialect) throws(SchemaError)
    {
        let key = Self.key(doc, pointer)
        guard case .object(let o) = value else {
            sites[key] = Site(doc: doc, pointer: pointer, base: base, resourceURI: resourceURI, resourcePointer: resourcePointer, dialect: dialect)
            return
        }
        var base = base, resourceURI = resourceURI, resourcePointer = resourcePointer, dialect = dialect
        let hasRef = o["$ref"] != nil
        let draft7 = dialect.draft == .draft7
        if case .string(let id)? = o["$id"], !(draft7 && hasRef) {
            let location = resourceURI + "#" + resourcePointer
            if draft7, id.hasPrefix("#") {
                anchors[base.withoutFragment.description + id] = key
            } else {
                if !draft7, let fragment = URIReference(id).fragment, !fragment.isEmpty {
                    throw SchemaError(.malformed, "$id must not have a non-empty fragment", at: location)
                }
                let resolved = base.resolving(id)
                base = resolved.withoutFragment
                resourceURI = base.description
                resourcePointer = ""
                if pointer != "", case .string(let schemaURI)? = o["$schema"] {
                    dialect = try self.dialect(forMetaschema: schemaURI, at: location)
                }
                resources[resourceURI] = Resource(doc: doc, pointer: pointer, dialect: dialect)
                if draft7, let fragment = resolved.fragment, !fragment.isEmpty { anchors[resourceURI + "#" + fragment] = key }
            }
        }
        if !draft7 {
            if case .string(let anchor)? = o["$anchor"] { anchors[resourceURI + "#" + anchor] = key }
            if case .string(let anchor)? = o["$dynamicAnchor"] {
                anchors[resourceURI + "#" + anchor] = key
                dynamicAnchorSites[resourceURI, default: [:]][anchor] = key
            }
        }
        sites[key] = Site(doc: doc, pointer: pointer, base: base, resourceURI: resourceURI, resourcePointer: resourcePointer, dialect: dialect)
        if draft7 && hasRef { return }
        for member in o.members {
            let child = pointer + "/" + JSONPointer.escape(member.key)
            let childResourcePointer = resourcePointer + "/" + JSONPointer.escape(member.key)
            switch Self.subschemaShape(member.key, draft: dialect.draft) {
            case .single:
                try discover(member.value, doc: doc, pointer: child, base: base, resourceURI: resourceURI,
                             resourcePointer: childResourcePointer, dialect: dialect)
            case .array:
                guard case .array(let a) = member.value else { continue }
                for (i, element) in a.enumerated() {
                    try discover(element, doc: doc, pointer: child + "/\(i)", base: base, resourceURI: resourceURI,
                                 resourcePointer: childResourcePointer + "/\(i)", dialect: dialect)
                }
            case .map:
                guard case .object(let m) = member.value else { continue }
                for entry in m.members {
                    let token = "/" + JSONPointer.escape(entry.key)
                    if case .array = entry.value { continue }  // draft-07 `dependencies` property lists
                    try discover(entry.value, doc: doc, pointer: child + token, base: base, resourceURI: resourceURI,
                                 resourcePointer: childResourcePointer + token, dialect: dialect)
                }
            case .singleOrArray:
                if case .array(let a) = member.value {
                    for (i, element) in a.enumerated() {
                        try discover(element, doc: doc, pointer: child + "/\(i)", base: base, resourceURI: resourceURI,
                                     resourcePointer: childResourcePointer + "/\(i)", dialect: dialect)
                    }
                } else {
                    try discover(member.value, doc: doc, pointer: child, base: base, resourceURI: resourceURI,
                                 resourcePointer: childResourcePointer, dialect: dialect)
                }
            case .none: continue
            }
        }
    }

    private enum Shape { case single, array, map, singleOrArray, none }

    private static func subschemaShape(_ keyword: String, draft: Draft) -> Shape {
        switch (keyword, draft) {
        case ("additionalProperties", _), ("propertyNames", _), ("contains", _), ("if", _), ("then", _), ("else", _),
             ("not", _):
            return .single
        case ("items", .draft2020_12), ("unevaluatedItems", .draft2020_12), ("unevaluatedProperties", .draft2020_12),
             ("contentSchema", .draft2020_12), ("additionalItems", .draft7):
            return .single
        case ("items", .draft7): return .singleOrArray
        case ("allOf", _), ("anyOf", _), ("oneOf", _), ("prefixItems", .draft2020_12): return .array
        case ("properties", _), ("patternProperties", _), ("$defs", .draft2020_12), ("dependentSchemas", .draft2020_12),
             ("definitions", _), ("dependencies", .draft7):
            return .map
        default: return .none
        }
    }

    // MARK: resolution

    /// The node index of the subschema at `key`, creating it (and queueing its compilation) if new.
    mutating func node(forKey key: String) throws(SchemaError) -> Int {
        if let i = nodeIndex[key] { return i }
        guard let site = sites[key] else { throw SchemaError(.malformed, "no schema at \(key)", at: key) }
        let resource: Int
        if let r = resourceIndex[site.resourceURI] {
            resource = r
        } else {
            resource = resourceTable.count
            resourceTable.append(SchemaResource(uri: site.resourceURI))
            resourceIndex[site.resourceURI] = resource
        }
        let index = nodes.count
        nodes.append(SchemaNode(resource: resource, location: site.resourceURI + "#" + site.resourcePointer))
        nodeIndex[key] = index
        queue.append((key, index))
        return index
    }

    /// Resolves a `$ref` value against the site's base URI to the key of the subschema it names.
    mutating func resolve(_ reference: String, from site: Site, at location: String) throws(SchemaError) -> String {
        let target = site.base.resolving(reference)
        let resourceURI = target.withoutFragment.description
        let fragment = JSONPointer.percentDecoded(target.fragment ?? "")
        if resources[resourceURI] == nil {
            if let remote = registry[resourceURI] ?? registry[resourceURI + "#"] {
                _ = try addDocument(remote, uri: resourceURI, dialect: site.dialect)
            } else if let text = Metaschemas.documents[resourceURI], let meta = try? JSONParser.parse(text) {
                _ = try addDocument(meta, uri: resourceURI, dialect: site.dialect)
            }
        }
        guard let resource = resources[resourceURI] else {
            throw SchemaError(.unresolvableReference, "cannot resolve \(reference) (\(target))", at: location)
        }
        if fragment.isEmpty { return Self.key(resource.doc, resource.pointer) }
        if fragment.hasPrefix("/") {
            guard let tokens = JSONPointer.tokens(fragment),
                  let resourceRoot = JSONPointer.resolve(JSONPointer.tokens(resource.pointer)!, in: documents[resource.doc]),
                  let value = JSONPointer.resolve(tokens, in: resourceRoot)
            else {
                throw SchemaError(.unresolvableReference, "cannot resolve \(reference): no value at \(fragment)", at: location)
            }
            let pointer = resource.pointer + tokens.map { "/" + JSONPointer.escape($0) }.joined()
            let key = Self.key(resource.doc, pointer)
            if sites[key] == nil {
                let resourceSite = sites[Self.key(resource.doc, resource.pointer)]!
                try discover(value, doc: resource.doc, pointer: pointer, base: resourceSite.base, resourceURI: resourceURI,
                             resourcePointer: fragment, dialect: resource.dialect)
            }
            return key
        }
        guard let key = anchors[resourceURI + "#" + fragment] else {
            throw SchemaError(.unresolvableReference, "cannot resolve \(reference): no anchor \(fragment)", at: location)
        }
        return key
    }

    /// The dynamic anchor named `name` in the resource of `key`, if that is where `key` points.
    func isDynamicAnchor(_ key: String, named name: String) -> Bool {
        guard let site = sites[key] else { return false }
        return dynamicAnchorSites[site.resourceURI]?[name] == key
    }

    // MARK: sanity

    /// Refuses a cycle of in-place applicators (`{"$ref": "#"}`, or two `$defs` referring to each
    /// other): evaluating it would recurse forever without moving through the instance.
    private func checkInPlaceCycles() throws(SchemaError) {
        var state = [UInt8](repeating: 0, count: nodes.count)  // 0 new, 1 on stack, 2 done
        for start in nodes.indices where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let (n, i) = stack.last {
                let edges = Self.inPlaceEdges(nodes[n])
                if i < edges.count {
                    stack[stack.count - 1].next += 1
                    let m = edges[i]
                    if state[m] == 1 {
                        throw SchemaError(.cyclicReference, "cyclic $ref chain that never moves into the instance", at: nodes[m].location)
                    }
                    if state[m] == 0 {
                        state[m] = 1
                        stack.append((m, 0))
                    }
                } else {
                    state[n] = 2
                    stack.removeLast()
                }
            }
        }
    }

    private static func inPlaceEdges(_ node: SchemaNode) -> [Int] {
        var edges: [Int] = []
        for k in node.keywords {
            switch k.keyword {
            case .ref(let t), .not(let t): edges.append(t)
            case .allOf(let ts), .anyOf(let ts), .oneOf(let ts): edges += ts
            case .conditional(let i, let t, let e): edges.append(i); if let t { edges.append(t) }; if let e { edges.append(e) }
            case .dependentSchemas(let ds): edges += ds.map(\.1)
            default: continue
            }
        }
        return edges
    }
}
