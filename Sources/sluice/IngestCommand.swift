import ArgumentParser

/// `sluice ingest …`: the ingestors that land sources in RAW.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Land a source in RAW and publish its ingest events.",
        subcommands: [IngestFileCommand.self, IngestHTTPCommand.self]
    )
}
