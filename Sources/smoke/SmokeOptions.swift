import ArgumentParser

/// Which stack the checks talk to.
enum SmokeTarget: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// The in-process emulators and a throw-away PostgreSQL, started by `smoke` itself.
    case embedded
    /// The `docker compose` stack of `infra/`, reached only through the endpoints of an `.env` file.
    case compose
}

/// The options every `smoke` subcommand shares.
struct SmokeOptions: ParsableArguments {
    @Option(help: "The stack to check: embedded or compose.")
    var target: SmokeTarget = .embedded

    @Option(help: "The .env file with the compose stack's endpoints and credentials (compose only).")
    var env: String = "infra/.env"

    @Option(help: "Also write the results as JUnit XML to this file.")
    var junit: String?

    @Option(help: "Also write the results as JSON to this file.")
    var json: String?

    @Flag(help: "Leave the embedded stack up after the checks and print its endpoints; Ctrl-C stops it.")
    var keep = false

    @Option(help: "The contracts folder events are validated against.")
    var contracts: String = "contracts"

    @Option(help: "The golden folder (fixed inputs and the tables they must give) day 6 checks against.")
    var golden: String = "golden"

    @Option(help: "The WireMock root folder the embedded mock API serves (mappings/, __files/).")
    var mockRoot: String = "infra/wiremock"
}
