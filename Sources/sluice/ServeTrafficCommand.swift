import ArgumentParser
import Foundation
import Platform

/// `sluice serve traffic`: upserts the curated traffic Parquet into `curated.fct_traffic_daily` and
/// `curated.dim_sensor`.
///
/// Prints one line per table (inserted, updated, unchanged) and the number of rows changed, which is 0
/// when the same curated data is served again. A failure changes neither table and exits non-zero with
/// the object at fault named.
struct ServeTrafficCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract: "Upsert s3://curated/hive/{curated/fct_traffic_daily,stg/stg_traffic} into curated.fct_traffic_daily and curated.dim_sensor."
    )

    @Option(help: "A .env file with the stack's endpoints (infra/.env.example lists the keys); the environment wins.")
    var env: String?

    func run() throws {
        let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: env)
        print(try TrafficServing(config: config).run().text)
    }
}
