import ArgumentParser

/// `sluice contracts`: the tools over `contracts/` (validate instances, lint the folder, review
/// schema changes against a base version).
struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Validate events against the contracts, lint the contracts folder, review schema changes.",
        subcommands: []
    )
}
