import Contracts
import Foundation
import Logging
import Platform
import Testing

/// The JSON log line: one valid object, fixed fields first, metadata flattened beside them.
struct JSONLogFormatterTests {
    @Test func writesOneJSONObjectWithTheFixedFieldsThenTheMetadata() throws {
        let line = JSONLogFormatter.line(
            time: Date(timeIntervalSince1970: 1_795_420_530.125), level: .info, message: "file landed", label: "sluice.ingest.file",
            metadata: ["trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "run_id": "r-1", "rows": .stringConvertible(12)])
        #expect(!line.contains("\n"))
        #expect(line == #"{"ts":"2026-11-23T07:55:30.125Z","level":"info","message":"file landed","label":"sluice.ingest.file","#
            + #""rows":"12","run_id":"r-1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#)
        let object = try JSONParser.parse(Array(line.utf8))
        #expect(object["trace_id"]?.stringValue == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func nestsArraysAndDictionariesAndEscapesText() throws {
        let line = JSONLogFormatter.line(
            time: Date(timeIntervalSince1970: 0), level: .error, message: "quote \" and\nnewline", label: "t",
            metadata: ["files": ["a.csv", "b.csv"], "sizes": ["a": "1", "b": "2"]], error: FixtureError("disk full"))
        let object = try JSONParser.parse(Array(line.utf8))
        #expect(object["message"]?.stringValue == "quote \" and\nnewline")
        #expect(object["files"] == ["a.csv", "b.csv"])
        #expect(object["sizes"] == ["a": "1", "b": "2"])
        #expect(object["error"]?.stringValue == "disk full")
        #expect(object["ts"]?.stringValue == "1970-01-01T00:00:00.000Z")
    }

    @Test func aMetadataKeyNamedLikeAFixedFieldIsKeptUnderAnUnderscore() throws {
        let line = JSONLogFormatter.line(
            time: Date(timeIntervalSince1970: 0), level: .debug, message: "m", label: "l", metadata: ["message": "meta", "level": "x"])
        let object = try JSONParser.parse(Array(line.utf8))
        #expect(object["message"]?.stringValue == "m")
        #expect(object["_message"]?.stringValue == "meta")
        #expect(object["_level"]?.stringValue == "x")
        #expect(object["level"]?.stringValue == "debug")
    }

    @Test func theHandlerMergesLoggerAndCallMetadata() throws {
        let capture = LogCapture()
        var logger = capture.logger(label: "sluice.test", level: .info)
        logger[metadataKey: "run_id"] = "r-7"
        logger.debug("below the level")
        logger.info("kept", metadata: ["dataset": "traffic"])
        let lines = capture.captured
        #expect(lines.count == 1)
        let object = try JSONParser.parse(Array(try #require(lines.first).utf8))
        #expect(object["run_id"]?.stringValue == "r-7")
        #expect(object["dataset"]?.stringValue == "traffic")
        #expect(object["label"]?.stringValue == "sluice.test")
    }
}
