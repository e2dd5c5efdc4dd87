import ArgumentParser
import Contracts
import Foundation

/// `sluice contracts lint`: schemas valid against their metaschema, examples present, every golden
/// example behaving exactly as recorded.
struct ContractsLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check the contracts folder: metaschemas, examples, golden error files."
    )

    @OptionGroup var options: ContractsOptions

    @Flag(name: .customLong("update-golden"), help: "Write missing or changed .errors.json files (review the diff!).")
    var updateGolden = false

    func run() throws {
        let repository: ContractRepository
        do { repository = try ContractRepository(root: options.folder) } catch {
            print("error: \(error)")
            throw ExitCode.cannotRun
        }
        let (findings, written) = ContractLinter(repository: repository).lint(updateGolden: updateGolden)
        for (path, contents) in written {
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path)")
        }
        for finding in findings { print(finding) }
        print("lint: \(repository.events.count) events, \(repository.schemas.count) schemas, \(findings.count) problem(s)")
        if !findings.isEmpty { throw ExitCode.failure }
    }
}
