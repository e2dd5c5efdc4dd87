import ArgumentParser

/// `sluice contracts`: the tools over `contracts/` (validate instances, lint the folder, review
/// schema changes against a base version).
///
/// Exit status: 0 all good; 1 an instance is invalid, the lint found a problem, or the review found
/// a breaking change without a new major version; 2 the tool could not run (unreadable input,
/// a schema that does not compile, an unknown base revision).
struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Validate events against the contracts, lint the contracts folder, review schema changes.",
        subcommands: [ContractsValidateCommand.self, ContractsLintCommand.self, ContractsReviewCommand.self]
    )
}

/// Options shared by the `contracts` subcommands.
struct ContractsOptions: ParsableArguments {
    @Option(name: .customLong("contracts"), help: "The contracts folder.")
    var folder = "contracts"
}

extension ExitCode {
    /// The tool could not do its job (as opposed to finding a problem, which is 1).
    static let cannotRun = ExitCode(2)
}
