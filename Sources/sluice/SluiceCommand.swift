import ArgumentParser

/// `sluice`: runs the platform's services and tools. Each area is a subcommand; later issues add
/// `ingest`, `stream`, `curate`, `serve`, `contracts` and `bowtie` beside `emulate`.
@main
struct SluiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Sluice: a local data platform on real protocols.",
        subcommands: [
            BootstrapCommand.self, IngestCommand.self, StreamCommand.self, CurateCommand.self, ReplayCommand.self,
            ContractsCommand.self, BowtieCommand.self,
            EmulateCommand.self,
            ServeCommand.self,
            SinkCommand.self,
            WebhookCommand.self,
            BronzeCommand.self,
            ETLCommand.self,
            SourcesCommand.self,
            MetaCommand.self,
        ]
    )
}
