/// The JSON-Schema drafts Sluice understands. The draft decides which keywords exist and how
/// `$ref` behaves (in draft-07 it replaces its siblings; in 2020-12 it is one applicator among others).
public enum Draft: String, Sendable, CaseIterable {
    case draft2020_12 = "https://json-schema.org/draft/2020-12/schema"
    case draft7 = "http://json-schema.org/draft-07/schema#"

    /// The draft whose metaschema URI is `uri` (with or without an empty fragment).
    public init?(metaschemaURI uri: String) {
        var u = uri
        if u.hasSuffix("#") { u.removeLast() }
        switch u {
        case "https://json-schema.org/draft/2020-12/schema": self = .draft2020_12
        case "http://json-schema.org/draft-07/schema": self = .draft7
        default: return nil
        }
    }
}

/// A 2020-12 vocabulary: a group of keywords a metaschema may switch on or off with `$vocabulary`.
enum Vocabulary: String, Sendable, CaseIterable {
    case core = "https://json-schema.org/draft/2020-12/vocab/core"
    case applicator = "https://json-schema.org/draft/2020-12/vocab/applicator"
    case unevaluated = "https://json-schema.org/draft/2020-12/vocab/unevaluated"
    case validation = "https://json-schema.org/draft/2020-12/vocab/validation"
    case metaData = "https://json-schema.org/draft/2020-12/vocab/meta-data"
    case formatAnnotation = "https://json-schema.org/draft/2020-12/vocab/format-annotation"
    case formatAssertion = "https://json-schema.org/draft/2020-12/vocab/format-assertion"
    case content = "https://json-schema.org/draft/2020-12/vocab/content"
}

/// The draft plus the vocabularies in force for one schema resource.
struct Dialect: Sendable, Hashable {
    let draft: Draft
    let vocabularies: Set<Vocabulary>

    init(draft: Draft, vocabularies: Set<Vocabulary>? = nil) {
        self.draft = draft
        self.vocabularies = vocabularies ?? Set(Vocabulary.allCases).subtracting([.formatAssertion])
    }

    func has(_ v: Vocabulary) -> Bool { draft == .draft7 || vocabularies.contains(v) }
}
