import ArgumentParser
import Contracts
import Foundation

/// `sluice contracts validate --schema S [--format-assert] FILE|-`: validates a JSON document or
/// JSON lines and prints one result per instance, with each error in the one-line human form.
struct ContractsValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON or JSON lines against a schema; exit 1 if any instance is invalid."
    )

    @OptionGroup var options: ContractsOptions

    @Option(help: "The schema file (schemas of the contracts folder are available to its $refs).")
    var schema: String

    @Flag(name: .customLong("format-assert"), help: "Assert formats instead of treating them as annotations.")
    var formatAssert = false

    @Argument(help: "A JSON or JSON-lines file, or - for standard input.")
    var input: String

    /// One instance read from the input: its label (file name or line number) and the parsed value.
    private struct Instance {
        let label: String
        let value: JSONValue?
        let parseError: JSONParseError?
    }

    func run() throws {
        let validator: Validator
        let instances: [Instance]
        do {
            validator = try makeValidator()
            instances = try readInstances()
        } catch let error as ValidationError {
            throw error
        } catch {
            print("error: \(error)")
            throw ExitCode.cannotRun
        }
        var anyInvalid = false
        for instance in instances {
            guard let value = instance.value else {
                anyInvalid = true
                print("\(instance.label): invalid")
                print("  not JSON: \(instance.parseError.map(String.init(describing:)) ?? "?")")
                continue
            }
            let result = validator.validate(value)
            print("\(instance.label): \(result.valid ? "valid" : "invalid")")
            for error in result.errors { print("  " + error.human) }
            if !result.valid { anyInvalid = true }
        }
        if anyInvalid { throw ExitCode.failure }
    }

    private func makeValidator() throws -> Validator {
        var registry = SchemaRegistry()
        if FileManager.default.fileExists(atPath: options.folder) {
            registry = try ContractRepository(root: options.folder).registry
        }
        guard let data = FileManager.default.contents(atPath: schema) else { throw ValidationError("cannot read \(schema)") }
        let schemaValue = try JSONParser.parse(Array(data))
        let uri: String = schemaValue["$id"]?.stringValue ?? URL(fileURLWithPath: schema).absoluteString
        registry.register(schemaValue, as: uri)
        return try Validator(schema: schemaValue, baseURI: uri, registry: registry, formatAssertion: formatAssert)
    }

    /// One document, or JSON lines when the text holds more than one value.
    private func readInstances() throws -> [Instance] {
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: input) else { throw ValidationError("cannot read \(input)") }
            data = d
        }
        let bytes = [UInt8](data)
        let label = input == "-" ? "stdin" : input
        var firstError: JSONParseError? = nil
        do {
            return [Instance(label: label, value: try JSONParser.parse(bytes), parseError: nil)]
        } catch {
            firstError = error
        }
        if let firstError, firstError.code != JSONParseError.trailingGarbage {
            return [Instance(label: label, value: nil, parseError: firstError)]
        }
        var out: [Instance] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy(Self.isBlank) { continue }
            do {
                out.append(Instance(label: "line \(lineNumber)", value: try JSONParser.parse(line), parseError: nil))
            } catch {
                out.append(Instance(label: "line \(lineNumber)", value: nil, parseError: error))
            }
        }
        return out
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
}
