import Foundation

/// One short `sluice` run of the built executable, to its end: what a user at a terminal sees.
enum SluiceRun {
    /// Runs `sluice arguments…` with an environment that names no endpoint (only `PATH`), so the
    /// arguments (an `--env` file) decide; returns the exit status and standard output and error together.
    static func output(of arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SluiceProcess.executable)
        process.arguments = arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
    }
}
