import Foundation
import Platform
import Testing

/// RFC 4180 edge cases through the streaming reader, with buffers small enough that records straddle refills.
@Suite struct CSVStreamReaderTests {
    static func records(_ text: String, bufferBytes: Int = 64) throws -> [[String]] {
        let folder = try TemporaryFolder()
        let reader = try CSVStreamReader(path: folder.write("in.csv", text), bufferBytes: bufferBytes)
        var records: [[String]] = []
        while try reader.nextRecord() { records.append((0..<reader.fieldCount).map(reader.string)) }
        return records
    }

    @Test(arguments: [64, 1 << 20])
    func quotedFieldsHoldCommasQuotesAndLineEnds(bufferBytes: Int) throws {
        let text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,\"\",end"
        #expect(try Self.records(text, bufferBytes: bufferBytes) == [
            ["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["", "", "end"],
        ])
    }

    @Test func byteOrderMarkAndCRLFAreNotData() throws {
        #expect(try Self.records("\u{FEFF}id,name\r\n1,\"a\"\r\n2,b\r\n") == [["id", "name"], ["1", "a"], ["2", "b"]])
    }

    @Test func blankLinesAreSkippedAndLineNumbersCountQuotedNewlines() throws {
        let folder = try TemporaryFolder()
        let reader = try CSVStreamReader(path: folder.write("in.csv", "h\n\n\"a\nb\"\n\r\nlast"), bufferBytes: 64)
        var lines: [Int] = []
        while try reader.nextRecord() { lines.append(reader.line) }
        #expect(lines == [1, 3, 6])
    }

    @Test func anUnterminatedQuoteIsAnErrorWithItsLine() throws {
        let error = #expect(throws: CSVError.self) { _ = try Self.records("a,b\n1,2\n3,\"open\nmore\nrows\n") }
        #expect(error?.description == "line 3: a quoted field is not closed before the end of the file")
    }

    @Test func aRecordLongerThanTheLimitIsAnErrorNotAHugeBuffer() throws {
        let folder = try TemporaryFolder()
        let path = folder.write("in.csv", "a\n\"" + String(repeating: "x", count: 10_000))
        let reader = try CSVStreamReader(path: path, bufferBytes: 64, maximumRecordBytes: 1024)
        #expect(try reader.nextRecord())
        let error = #expect(throws: CSVError.self) { _ = try reader.nextRecord() }
        #expect(error?.description == "line 2: a record longer than 1024 bytes (an unterminated quote?)")
    }

    @Test func anEmptyFileHasNoRecords() throws {
        #expect(try Self.records("").isEmpty)
        #expect(try Self.records("\u{FEFF}").isEmpty)
    }
}
