import ArgumentParser

/// `sluice serve …`: curated data from S3 into PostgreSQL + PostGIS (day 6).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Load a curated dataset into PostgreSQL's curated schema; safe to run again.",
        subcommands: [ServeTrafficCommand.self]
    )
}
