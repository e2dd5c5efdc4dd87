import ArgumentParser

/// `sluice emulate …`: runs one of the embedded stack's services on its own, in the foreground.
struct EmulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Run an embedded-stack service standalone until interrupted.",
        subcommands: [
            EmulatePostgresCommand.self, EmulateS3Command.self, EmulateKafkaCommand.self, EmulateHTTPCommand.self,
        ]
    )
}
