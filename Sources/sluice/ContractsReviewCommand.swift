import ArgumentParser
import Contracts
import Foundation

/// `sluice contracts review --base <git revision or folder>`: lists every schema change with its
/// compatibility class and fails on a breaking change that was not given a new major version.
struct ContractsReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Compare the schemas with a base version and classify each change."
    )

    @OptionGroup var options: ContractsOptions

    @Option(help: "A git revision (read with git show) or a contracts folder to compare with.")
    var base: String

    func run() throws {
        let head: [String: JSONValue]
        let baseSchemas: [String: JSONValue]
        do {
            head = try Self.schemas(inFolder: options.folder)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue {
                baseSchemas = try Self.schemas(inFolder: base)
            } else {
                baseSchemas = try Self.schemas(atRevision: base, folder: options.folder)
            }
        } catch {
            print("error: \(error)")
            throw ExitCode.cannotRun
        }
        let review = ContractReview(base: baseSchemas, head: head)
        print(review.report)
        if !review.violations.isEmpty { throw ExitCode.failure }
    }

    /// Schema files under `folder`, by path relative to it.
    static func schemas(inFolder folder: String) throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        let walker = FileManager.default.enumerator(atPath: folder)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(".schema.json"), let data = FileManager.default.contents(atPath: folder + "/" + relative) else { continue }
            out[relative] = try JSONParser.parse(Array(data))
        }
        return out
    }

    /// Schema files under `folder` as they were at `revision` (run from the repository root).
    static func schemas(atRevision revision: String, folder: String) throws -> [String: JSONValue] {
        let list = try git(["ls-tree", "-r", "--name-only", revision, "--", folder])
        var out: [String: JSONValue] = [:]
        for path in String(decoding: list, as: UTF8.self).split(separator: "\n") where path.hasSuffix(".schema.json") {
            let relative = String(path.dropFirst(folder.count + 1))
            out[relative] = try JSONParser.parse(try git(["show", "\(revision):\(path)"]))
        }
        return out
    }

    private static func git(_ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("git \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
        }
        return Array(data)
    }
}
