import ArgumentParser
import CJansson
import Contracts
import Dispatch
import Foundation

/// `bench contracts`: validations per second on the envelope workload of
/// `../shared/conformance/jsonschema/workload/` — parse + validate from each JSON line, validate
/// only on parsed values, the same batch split over every core, and the parser alone against
/// jansson (the benchmark behind the choice of parser). Peers: `bench_peers.py` in the same folder.
struct BenchContracts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Measure the JSON parser and the JSON-Schema validator on the envelope workload."
    )

    @Option(help: "The workload folder (envelope.schema.json, events.jsonl, expected.txt).")
    var workload = "../shared/conformance/jsonschema/workload"

    @Option(help: "Runs per figure; the best is reported.")
    var runs = 5

    @Flag(help: "Assert `format` (uuid, date-time, uri…) as the contracts of the platform's topics do.")
    var formatAssert = false

    @Option(help: "Threads for the batch figure (default: every core).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let folder = URL(fileURLWithPath: workload)
        let schema = try JSONParser.parse(Array(try Data(contentsOf: folder.appendingPathComponent("envelope.schema.json"))))
        let text = try Data(contentsOf: folder.appendingPathComponent("events.jsonl"))
        let lines: [[UInt8]] = text.split(separator: UInt8(ascii: "\n")).map { Array($0) }
        let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0 == "valid" }
        let validator = try Validator(schema: schema, formatAssertion: formatAssert)
        let values = try lines.map { try JSONParser.parse($0) }

        let verdicts = values.map(validator.isValid)
        let agree = zip(verdicts, expected).filter { $0 == $1 }.count
        print("workload: \(lines.count) events, \(expected.filter { $0 }.count) valid; \(threads) threads; formats \(formatAssert ? "asserted" : "annotations only"); agrees with expected.txt: "
              + (agree == expected.count ? "yes" : "NO (\(expected.count - agree) differ)"))

        let parseValidate = best { for line in lines { _ = try? validator.isValid(JSONParser.parse(line)) } }
        let validateOnly = best { for value in values { _ = validator.isValid(value) } }
        let batch = best { parallelParseValidate(lines, validator) }
        let basic = best { for value in values { _ = validator.validate(value) } }
        let parseOnly = best { for line in lines { _ = try? JSONParser.parse(line) } }
        let jansson = best { for line in lines { Self.janssonParse(line) } }
        let n = Double(lines.count)
        func row(_ name: String, _ seconds: Double) {
            print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%12.0f /s", n / seconds))
        }
        row("parse + validate (flag), 1 thread", parseValidate)
        row("validate only (flag), 1 thread", validateOnly)
        row("parse + validate (flag), \(threads) threads", batch)
        row("validate only (basic output), 1 thread", basic)
        row("parse only: Sluice JSONParser -> JSONValue", parseOnly)
        row("parse only: jansson json_loadb (no JSONValue)", jansson)
        print("peers: python3 ../shared/conformance/jsonschema/bench_peers.py")
    }

    private func best(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    private func parallelParseValidate(_ lines: [[UInt8]], _ validator: Validator) {
        let chunks = max(1, threads)
        let per = (lines.count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = (c * per)..<min(lines.count, (c + 1) * per)
            for i in range { _ = try? validator.isValid(JSONParser.parse(lines[i])) }
        }
    }

    private static func janssonParse(_ line: [UInt8]) {
        var error = json_error_t()
        line.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let root = json_loadb(chars.baseAddress, chars.count, 0, &error) { json_decref(root) }
            }
        }
    }
}
