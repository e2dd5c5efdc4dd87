import ArgumentParser

/// `bench`: Sluice's benchmarks, one subcommand per area. Run in release mode
/// (`swift run -c release bench <area>`); each prints its own figures and, where the area has a peer,
/// how to get the peer's figures from the same run.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Sluice's speed, area by area, in release mode.",
        subcommands: [
            BenchContracts.self, BenchCurateCommand.self, BenchEmulatorsCommand.self, BenchETLCommand.self, BenchHTTPMockCommand.self, BenchParquetCommand.self,
            BenchRAWWritesCommand.self, BenchServeCommand.self, BenchSinkCommand.self, BenchStreamCommand.self,
        ]
    )
}
