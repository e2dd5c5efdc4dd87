/// Renders parsed templates against a JSON context (the request model), with WireMock's helpers.
struct TemplateRenderer {
    let helpers: TemplateHelpers

    func render(_ nodes: [TemplateNode], context: MockJSON) throws(TemplateError) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case let .text(text):
                output += text
            case let .output(expression, escaped):
                let text = Self.text(of: try evaluate(expression, context: context))
                output += escaped ? Self.escapeHTML(text) : text
            case let .block(name, arguments, hash, body, inverse):
                output += try renderBlock(name, arguments, hash, body, inverse, context: context)
            }
        }
        return output
    }

    private func renderBlock(
        _ name: String, _ arguments: [TemplateExpression], _ hash: [String: TemplateExpression],
        _ body: [TemplateNode], _ inverse: [TemplateNode], context: MockJSON
    ) throws(TemplateError) -> String {
        let values = try arguments.map { (argument) throws(TemplateError) in try evaluate(argument, context: context) }
        switch name {
        case "if", "unless":
            let truthy = values.first.map(Self.isTruthy) ?? false
            return try render(truthy == (name == "if") ? body : inverse, context: context)
        case "each":
            let items: [MockJSON]
            switch values.first.map({ $0[Self.listKey] ?? $0 }) {
            case let .array(elements)?: items = elements
            case let .object(members)?: items = members.map(\.value)
            default: items = []
            }
            guard !items.isEmpty else { return try render(inverse, context: context) }
            var output = ""
            for (position, item) in items.enumerated() {
                let scope = context.setting("this", to: item).setting("@index", to: .int(position))
                    .setting("@first", to: .bool(position == 0)).setting("@last", to: .bool(position == items.count - 1))
                output += try render(body, context: Self.merge(item, into: scope))
            }
            return output
        case "with":
            guard let value = values.first else { return "" }
            return try render(body, context: Self.merge(value, into: context))
        default:
            let hashValues = try evaluateHash(hash, context: context)
            let condition = try helpers.call(name, values, hashValues)
            return try render(Self.isTruthy(condition) ? body : inverse, context: context)
        }
    }

    /// Members of `value` become visible as bare names inside a block, over the outer context.
    private static func merge(_ value: MockJSON, into context: MockJSON) -> MockJSON {
        guard let members = value.objectMembers else { return context.setting("this", to: value) }
        var merged = context
        for member in members { merged = merged.setting(member.key, to: member.value) }
        return merged.setting("this", to: value)
    }

    func evaluate(_ expression: TemplateExpression, context: MockJSON) throws(TemplateError) -> MockJSON {
        switch expression {
        case let .string(text): return .string(text)
        case let .number(text): return .number(text)
        case let .bool(flag): return .bool(flag)
        case let .path(segments): return Self.resolve(segments, in: context)
        case let .call(name, arguments, hash):
            let values = try arguments.map { (argument) throws(TemplateError) in try evaluate(argument, context: context) }
            return try helpers.call(name, values, try evaluateHash(hash, context: context))
        }
    }

    private func evaluateHash(_ hash: [String: TemplateExpression], context: MockJSON) throws(TemplateError) -> [String: MockJSON] {
        var values: [String: MockJSON] = [:]
        for (key, expression) in hash { values[key] = try evaluate(expression, context: context) }
        return values
    }

    /// Follows a path; object keys fall back to a case-insensitive match so `request.headers.content-type`
    /// finds `Content-Type`. A single value stands for a one-element list, so `.[0]` of a
    /// single-valued query parameter is that value.
    static func resolve(_ segments: [String], in context: MockJSON) -> MockJSON {
        if segments.isEmpty { return context["this"] ?? context }
        var current = context
        for (position, segment) in segments.enumerated() {
            if position == 0, segment != "this", let scoped = context["this"], scoped[segment] != nil {
                current = scoped
            }
            if let list = current[listKey] { current = list }
            if let index = Int(segment) {
                switch current {
                case let .array(values) where values.indices.contains(index): current = values[index]
                case .array: return .null
                default: if index != 0 { return .null }
                }
            } else if let members = current.objectMembers {
                guard let found = members.last(where: { $0.key == segment })
                    ?? members.last(where: { $0.key.lowercased() == segment.lowercased() }) else { return .null }
                current = found.value
            } else if segment == "size" || segment == "length", let values = current.arrayValues {
                current = .int(values.count)
            } else {
                return .null
            }
        }
        return current
    }

    /// The member that gives an object its printed form, for values that are both text and a
    /// namespace (`request.path` beside `request.path.id`).
    static let textKey = "__text"

    /// The member holding every value of a multi-valued query parameter or header, which prints as
    /// its first value (WireMock 2's `ListOrSingle`) but can be indexed and iterated.
    static let listKey = "__list"

    /// How a value prints: strings raw, lists as `[a, b]` like Java's `List.toString()`.
    static func text(of value: MockJSON) -> String {
        if let printed = value[textKey]?.stringValue { return printed }
        return switch value {
        case .null: ""
        case let .string(text): text
        case let .number(text): text
        case let .bool(flag): flag ? "true" : "false"
        case let .array(values): "[" + values.map(text(of:)).joined(separator: ", ") + "]"
        case .object: value.serialized
        }
    }

    static func isTruthy(_ value: MockJSON) -> Bool {
        switch value {
        case .null: false
        case let .bool(flag): flag
        case let .string(text): !text.isEmpty && text != "false"
        case let .number(text): Double(text) != 0
        case let .array(values): !values.isEmpty
        case .object: true
        }
    }

    /// Handlebars' `escapeExpression`, character for character.
    static func escapeHTML(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#x27;"
            case "`": output += "&#x60;"
            case "=": output += "&#x3D;"
            default: output.append(character)
            }
        }
        return output
    }
}
