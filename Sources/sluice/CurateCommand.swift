import ArgumentParser
import Foundation
import Platform

/// `sluice curate`: RAW → STG → CURATED (day 6).
struct CurateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Curate RAW data into STG and CURATED Parquet tables.",
        subcommands: [Traffic.self]
    )

    /// `sluice curate traffic`: the traffic CSVs of RAW into `stg_traffic` and `fct_traffic_daily`.
    ///
    /// Exit status 0 when every file was curated, 1 when any went to quarantine (the others are still
    /// curated and written).
    struct Traffic: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "traffic",
            abstract: "RAW traffic CSVs (s3://raw/source=file/) into STG and CURATED Parquet (s3://curated/hive/).",
            discussion: """
                With --input, local CSV files are curated into Parquet partitions under --output instead, \
                and S3 is not used.
                """
        )

        @Option(help: "A .env file with the stack's endpoints; the environment wins.")
        var env: String?

        @Option(help: "A local traffic CSV to curate instead of RAW (repeatable; needs --output).")
        var input: [String] = []

        @Option(help: "The local folder --input writes its Parquet partitions to.")
        var output: String?

        func validate() throws {
            if !input.isEmpty, output == nil { throw ValidationError("--input needs --output") }
            if input.isEmpty, output != nil { throw ValidationError("--output needs --input") }
        }

        func run() throws {
            if let output {
                try runLocally(output: output)
                return
            }
            let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: env)
            let report = try TrafficCuration(config: config).run()
            print("curate traffic: run \(report.runID)")
            print("  files: \(report.files) (\(report.curatedFiles.count) curated, \(report.quarantined.count) quarantined)")
            printCounts(report.counts)
            print("  parquet: \(report.parquetFiles.count) files written under s3://\(config.curatedBucket)/hive/, "
                + "\(report.deletedStaleFiles.count) stale deleted")
            for quarantined in report.quarantined {
                print("  quarantined \(quarantined.rawURI): \(quarantined.rejection) (report \(quarantined.reportURI))")
            }
            if report.curatedFiles.isEmpty, report.files > 0 { print("  no file curated: the tables were left as they were") }
            if !report.quarantined.isEmpty { throw ExitCode.failure }
        }

        private func runLocally(output: String) throws {
            let engine = try TrafficCurationEngine()
            var rejected = 0
            for path in input {
                if case .failure(let rejection) = try engine.add(path: path) {
                    print("  rejected \(path): \(rejection)")
                    rejected += 1
                }
            }
            let sink = try TrafficParquetSink(directory: output)
            let counts = try engine.finish(into: sink)
            try sink.close()
            print("curate traffic: \(input.count) local files (\(input.count - rejected) curated, \(rejected) rejected)")
            printCounts(counts)
            print("  parquet: \(sink.files.count) files under \(output)")
            if rejected > 0 { throw ExitCode.failure }
        }

        private func printCounts(_ counts: TrafficCurationCounts) {
            print("  rows in: \(counts.rowsIn) (\(counts.rowsWithoutReadingID) without reading_id, "
                + "\(counts.duplicateRows) duplicates removed)")
            print("  STG rows: \(counts.stagingRows), CURATED rows: \(counts.dailyRows)")
        }
    }
}
