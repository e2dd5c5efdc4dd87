import ArgumentParser

/// `smoke`: checks every Definition-of-Done bullet of days 1–6, one named check each.
///
/// Exit status: 0 when no check of the selected days failed (a check that does not apply to the target
/// is skipped, with the reason, and never counted as a pass); 1 when any failed; 64 for a usage error.
@main
struct SmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Check the day 1–6 Definition of Done against the embedded or the compose stack.",
        subcommands: [DayCommand.self, AllCommand.self, PipelinesCommand.self]
    )
}

/// `smoke day N`: the checks of one day.
struct DayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "day", abstract: "Run the checks of one day (1–6).")

    @Argument(help: "The day to check, 1 to 6.")
    var number: Int

    @OptionGroup var options: SmokeOptions

    func validate() throws {
        guard SmokeCatalog.days.contains(where: { $0.label == "\(number)" }) else {
            throw ValidationError("day must be between 1 and \(SmokeCatalog.days.count), not \(number)")
        }
    }

    func run() async throws {
        try await SmokeRunner(options: options).run(days: SmokeCatalog.days.filter { $0.label == "\(number)" })
    }
}

/// `smoke all`: the checks of every day, in order.
struct AllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run the checks of days 1–6.")

    @OptionGroup var options: SmokeOptions

    func run() async throws {
        try await SmokeRunner(options: options).run(days: SmokeCatalog.days)
    }
}

/// `smoke pipelines`: the checks of the other pipelines (retail sales sink, batch ETL, webhooks, bronze).
struct PipelinesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipelines", abstract: "Run the checks of the other pipelines: sales sink, batch ETL, webhooks, bronze.")

    @OptionGroup var options: SmokeOptions

    func run() async throws {
        try await SmokeRunner(options: options).run(days: [SmokeCatalog.pipelines])
    }
}
