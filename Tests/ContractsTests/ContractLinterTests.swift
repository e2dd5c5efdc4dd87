import Contracts
import Foundation
import Testing

/// The repository's own `contracts/` folder passes its lint: metaschemas, examples, golden errors.
@Suite struct ContractLinterTests {
    static var contractsFolder: String {
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("contracts").path
    }

    @Test func theContractsFolderIsClean() throws {
        let repository = try ContractRepository(root: Self.contractsFolder)
        #expect(repository.events.map(\.name).contains("ingest.file.v1"))
        let (findings, written) = ContractLinter(repository: repository).lint()
        #expect(written.isEmpty)
        #expect(findings.map(\.description) == [])
    }

    @Test func anInvalidExampleFailsWithTheGoldenErrors() throws {
        let repository = try ContractRepository(root: Self.contractsFolder)
        let event = try #require(repository.events.first { $0.name == "ingest.file.v1" })
        let validator = try repository.validator(for: event)
        let example = try #require(try repository.examples(of: event).first { $0.path.hasSuffix("invalid-missing-sha256.json") })
        let result = validator.validate(example.instance)
        #expect(!result.valid)
        #expect(result.errors.map(\.human).contains("/data: missing required property sha256"))
    }
}
