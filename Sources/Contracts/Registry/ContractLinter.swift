/// `sluice contracts lint`: every schema is valid against its metaschema and compiles, every event
/// has at least two valid and two invalid golden examples, every valid example validates and every
/// invalid one fails with exactly the errors of its golden `.errors.json` (basic output units).
public struct ContractLinter: Sendable {
    /// One finding; the lint passes when there are none.
    public struct Finding: Sendable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Examples each event must have, of each kind.
    public static let minimumExamples = 2

    public let repository: ContractRepository

    public init(repository: ContractRepository) {
        self.repository = repository
    }

    /// Runs every check; with `updateGolden`, missing or different `.errors.json` files are written
    /// (returned in `written`) instead of reported, for a person to review in the diff.
    public func lint(updateGolden: Bool = false) -> (findings: [Finding], written: [(path: String, contents: String)]) {
        var findings: [Finding] = []
        var written: [(String, String)] = []
        func report(_ path: String, _ message: String) { findings.append(Finding(path: path, message: message)) }

        for (path, schema) in repository.schemas {
            let draft = schema["$schema"]?.stringValue.flatMap(Draft.init(metaschemaURI:)) ?? .draft2020_12
            do {
                let meta = try Validator(schema: ["$ref": .string(draft.rawValue)], formatAssertion: true)
                for error in meta.validate(schema).errors { report(path, "not a valid schema: " + error.human) }
            } catch {
                report(path, "metaschema: \(error)")
            }
        }
        for event in repository.events {
            if let typeConst = event.schema["properties"]?["type"]?["const"]?.stringValue, typeConst != event.name {
                report(event.path, "properties.type.const is \(typeConst), the file is named \(event.name)")
            }
            let validator: Validator
            do { validator = try repository.validator(for: event) } catch {
                report(event.path, "does not compile: \(error)")
                continue
            }
            let examples: [ContractRepository.Example]
            do { examples = try repository.examples(of: event) } catch {
                report(error.path, error.message)
                continue
            }
            let valid = examples.filter(\.expectedValid).count, invalid = examples.count - valid
            if valid < Self.minimumExamples || invalid < Self.minimumExamples {
                report(repository.root + "/examples/" + event.name,
                       "needs \(Self.minimumExamples) valid and \(Self.minimumExamples) invalid examples, has \(valid) and \(invalid)")
            }
            for example in examples {
                let result = validator.validate(example.instance)
                if example.expectedValid {
                    for error in result.errors { report(example.path, "should be valid: " + error.human) }
                    continue
                }
                if result.valid {
                    report(example.path, "should be invalid but validates")
                    continue
                }
                let actual = JSONValue.array(result.errors.map(\.json))
                let golden = try? ContractRepository.readJSON(example.errorsPath)
                if golden == actual { continue }
                if updateGolden {
                    written.append((example.errorsPath, JSONSerializer.prettyString(actual) + "\n"))
                } else if golden == nil {
                    report(example.errorsPath, "missing golden errors file (run lint --update-golden and review it)")
                } else {
                    report(example.errorsPath, "errors differ from the golden file; now: "
                           + result.errors.map(\.human).joined(separator: "; "))
                }
            }
        }
        return (findings, written)
    }
}
