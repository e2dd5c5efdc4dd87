/// Walks an instance through compiled schema nodes. One evaluator serves one validation; in flag
/// mode (`collecting == false`) it stops at the first failure and builds no paths or messages.
struct Evaluator {
    /// Nested subschema evaluations allowed before giving up (a `$dynamicRef` loop, or a recursive
    /// schema over an extremely deep instance): an error, never a stack overflow.
    static let maxDepth = 400

    let nodes: [SchemaNode]
    let resources: [SchemaResource]
    let collecting: Bool
    private(set) var errors: [OutputUnit] = []
    /// > 0 inside `not`, `anyOf`, `if`… whose failures are not the instance's errors.
    var silent = 0
    var keywordPath: [String] = []
    var instancePath: [String] = []
    private var scope: [Int] = []
    private var depth = 0

    init(nodes: [SchemaNode], resources: [SchemaResource], collecting: Bool) {
        self.nodes = nodes
        self.resources = resources
        self.collecting = collecting
    }

    /// True when failures may be short-circuited (nobody reads the remaining errors).
    var shortCircuit: Bool { !collecting || silent > 0 }

    /// Evaluates node `n`; when `annotations` is non-nil, the members/items this node evaluated are
    /// added to it on success.
    mutating func evaluate(_ n: Int, _ instance: JSONValue, _ annotations: inout Annotations?) -> Bool {
        let node = nodes[n]
        if node.keywords.isEmpty { return true }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            fail(node, "$ref", "evaluation nested deeper than \(Self.maxDepth) subschemas")
            return false
        }
        let pushed = scope.last != node.resource
        if pushed { scope.append(node.resource) }
        defer { if pushed { scope.removeLast() } }
        var local: Annotations? = annotations != nil || node.collectsAnnotations ? Annotations() : nil
        var valid = true
        node.keywords.withUnsafeBufferPointer { keywords in
            for i in keywords.indices {
                if collecting { keywordPath.append(keywords[i].name) }
                let ok = evaluate(keywords[i], of: node, instance, &local)
                if collecting { keywordPath.removeLast() }
                if !ok {
                    valid = false
                    if shortCircuit { break }
                }
            }
        }
        // A failed subschema's annotations are dropped (the spec), except when reporting errors outside
        // any silent branch: there the failure already makes the enclosing node invalid, and keeping them
        // spares a cascade of "unevaluated" errors for members a failed `$ref` did describe.
        if annotations != nil, let local, valid || (collecting && silent == 0) { annotations!.merge(local) }
        return valid
    }

    /// Records an error at the current locations (unless silent or in flag mode).
    mutating func fail(_ node: SchemaNode, _ keyword: String, _ message: @autoclosure () -> String) {
        guard collecting, silent == 0 else { return }
        let keywordLocation = keywordPath.isEmpty ? "" : "/" + keywordPath.map(JSONPointer.escape).joined(separator: "/")
        let instanceLocation = instancePath.isEmpty ? "" : "/" + instancePath.map(JSONPointer.escape).joined(separator: "/")
        errors.append(OutputUnit(keywordLocation: keywordLocation,
                                 absoluteKeywordLocation: node.location + "/" + JSONPointer.escape(keyword),
                                 instanceLocation: instanceLocation, error: message()))
    }

    /// The node a `$dynamicRef` lands on: the outermost resource in the dynamic scope that has the
    /// anchor, else the static target.
    func dynamicTarget(_ staticTarget: Int, anchor: String?) -> Int {
        guard let anchor else { return staticTarget }
        for r in scope {
            if let n = resources[r].dynamicAnchors[anchor] { return n }
        }
        return staticTarget
    }

    /// Evaluates a subschema at a child instance location (`token` is the member name or index).
    mutating func evaluateChild(_ n: Int, _ value: JSONValue, token: @autoclosure () -> String) -> Bool {
        var none: Annotations? = nil
        if collecting { instancePath.append(token()) }
        let ok = evaluate(n, value, &none)
        if collecting { instancePath.removeLast() }
        return ok
    }

    /// Evaluates a subschema at the same instance location, silently (for `not`, `anyOf`, `if`…).
    mutating func evaluateSilently(_ n: Int, _ instance: JSONValue, _ annotations: inout Annotations?) -> Bool {
        silent += 1
        defer { silent -= 1 }
        return evaluate(n, instance, &annotations)
    }
}
