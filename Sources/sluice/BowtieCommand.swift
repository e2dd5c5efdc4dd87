import ArgumentParser
import Contracts
import Foundation

/// `sluice bowtie`: the JSON-Schema validator behind the Bowtie harness protocol on stdin/stdout
/// (`../shared/conformance/jsonschema/BOWTIE_PROTOCOL.md`), so the official suite and Bowtie can
/// drive it. One request per line in, one response per line out, flushed at once.
struct BowtieCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bowtie",
        abstract: "Speak the Bowtie JSON-Schema harness protocol on stdin/stdout."
    )

    @Flag(name: .customLong("format-assert"), help: "Assert formats instead of treating them as annotations.")
    var formatAssert = false

    func run() throws {
        var harness = BowtieHarness(formatAssertion: formatAssert)
        while let line = readLine(strippingNewline: true) {
            if line.isEmpty { continue }
            switch harness.handle(line) {
            case .stop: return
            case .respond(let response):
                FileHandle.standardOutput.write(Data((JSONSerializer.string(response) + "\n").utf8))
            }
        }
    }
}
