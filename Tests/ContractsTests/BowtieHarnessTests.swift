import Contracts
import Testing

@Suite struct BowtieHarnessTests {
    @Test func speaksTheProtocol() throws {
        var harness = BowtieHarness(formatAssertion: false)
        guard case .respond(let started) = harness.handle(#"{"cmd": "start", "version": 1}"#) else { Issue.record("no answer"); return }
        #expect(started["version"] == 1)
        #expect(started["implementation"]?["name"] == "sluice")
        #expect(harness.handle(#"{"cmd": "dialect", "dialect": "http://json-schema.org/draft-07/schema#"}"#) == .respond(["ok": true]))
        let run = #"{"cmd": "run", "seq": 7, "case": {"description": "d", "schema": {"items": [{"type": "integer"}]}, "#
            + #""registry": {}, "tests": [{"description": "a", "instance": [1, "x"]}, {"description": "b", "instance": ["x"]}]}}"#
        #expect(harness.handle(run) == .respond(["seq": 7, "results": [["valid": true], ["valid": false]]]))
        let broken = ##"{"cmd": "run", "seq": 8, "case": {"description": "d", "schema": {"$ref": "#/nowhere"}, "tests": []}}"##
        guard case .respond(let errored) = harness.handle(broken) else { Issue.record("no answer"); return }
        #expect(errored["errored"] == true)
        #expect(harness.handle(#"{"cmd": "stop"}"#) == .stop)
    }
}
