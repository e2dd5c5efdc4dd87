import Contracts
import Foundation

/// Reads the official JSON-Schema-Test-Suite from `../shared/json-schema-test-suite` (relative to
/// the package root) and runs its cases through `Validator`.
struct JSONSchemaTestSuite {
    struct Outcome {
        var passed = 0
        var failed: [String] = []
        var total: Int { passed + failed.count }
    }

    let root: URL
    let registry: SchemaRegistry

    init() throws {
        var packageRoot = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Package.swift").path) {
            packageRoot.deleteLastPathComponent()
        }
        root = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/json-schema-test-suite")
        var registry = SchemaRegistry()
        let remotes = root.appendingPathComponent("remotes")
        let walker = FileManager.default.enumerator(atPath: remotes.path)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let value = try JSONParser.parse(Array(try Data(contentsOf: remotes.appendingPathComponent(relative))))
            registry.register(value, as: "http://localhost:1234/" + relative)
        }
        self.registry = registry
    }

    /// The `.json` files of one directory of the suite (not recursive).
    func files(_ directory: String) throws -> [URL] {
        let dir = root.appendingPathComponent("tests").appendingPathComponent(directory)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
            .map { dir.appendingPathComponent($0) }
    }

    /// Runs every test of `files`; a failure is named `file :: group :: test`.
    func run(_ files: [URL], draft: Draft, formatAssertion: Bool) throws -> Outcome {
        var outcome = Outcome()
        for file in files {
            let groups = try JSONParser.parse(Array(try Data(contentsOf: file)))
            for group in groups.arrayValue ?? [] {
                let name = file.lastPathComponent + " :: " + (group["description"]?.stringValue ?? "?")
                let tests = group["tests"]?.arrayValue ?? []
                let validator: Validator
                do {
                    validator = try Validator(schema: group["schema"]!, draft: draft, registry: registry, formatAssertion: formatAssertion)
                } catch {
                    outcome.failed += tests.map { name + " :: " + ($0["description"]?.stringValue ?? "?") + " (compile: \(error))" }
                    continue
                }
                for test in tests {
                    let expected = test["valid"] == .bool(true)
                    let flag = validator.isValid(test["data"]!)
                    let basic = validator.validate(test["data"]!)
                    let testName = name + " :: " + (test["description"]?.stringValue ?? "?")
                    if flag == expected, basic.valid == expected, basic.valid == basic.errors.isEmpty {
                        outcome.passed += 1
                    } else {
                        outcome.failed.append(testName)
                    }
                }
            }
        }
        return outcome
    }
}
