/// The parsed form of a Handlebars template: literal text, `{{…}}` outputs and `{{#…}}` blocks.
indirect enum TemplateNode: Sendable {
    case text(String)
    /// `{{expr}}` (escaped for HTML, as Handlebars does) or `{{{expr}}}` (raw).
    case output(TemplateExpression, escaped: Bool)
    /// `{{#helper params}}body{{else}}inverse{{/helper}}`.
    case block(name: String, arguments: [TemplateExpression], hash: [String: TemplateExpression], body: [TemplateNode], inverse: [TemplateNode])
}

/// One value inside `{{…}}`.
indirect enum TemplateExpression: Sendable {
    /// A dotted path into the context, e.g. `request.query.page` or `request.pathSegments.[1]`.
    case path([String])
    case string(String)
    case number(String)
    case bool(Bool)
    /// A helper applied to positional and `key=value` arguments, inline or as a `(subexpression)`.
    case call(name: String, arguments: [TemplateExpression], hash: [String: TemplateExpression])
}
