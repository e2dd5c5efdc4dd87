import Foundation

/// What a CSV file holds, as far as landing it in RAW needs to know: its header and how many records follow.
public struct CSVInspection: Sendable, Equatable {
    /// The header's column names, in order.
    public let columns: [String]
    /// The number of records after the header.
    public let rowCount: Int

    /// Reads `bytes` as RFC 4180 CSV (quoted fields with `""` escapes, LF or CRLF line ends) and checks
    /// that it is well formed: UTF-8, a header of distinct non-empty names, every record as wide as the
    /// header, no unterminated quote. The first problem is thrown with its line number.
    public static func inspect(_ bytes: [UInt8]) throws(CSVError) -> CSVInspection {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw CSVError(line: 1, reason: "not valid UTF-8") }
        var records = CSVRecordReader(bytes)
        guard let header = try records.next() else { throw CSVError(line: 1, reason: "the file is empty") }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces) }
        if let blank = columns.firstIndex(where: \.isEmpty) {
            throw CSVError(line: 1, reason: "header column \(blank + 1) has no name")
        }
        if let duplicate = columns.first(where: { name in columns.filter { $0 == name }.count > 1 }) {
            throw CSVError(line: 1, reason: "header names column \(duplicate) twice")
        }
        var rowCount = 0
        while let record = try records.next() {
            guard record.count == columns.count else {
                throw CSVError(line: records.line, reason: "\(record.count) fields where the header has \(columns.count)")
            }
            rowCount += 1
        }
        return CSVInspection(columns: columns, rowCount: rowCount)
    }
}

/// A malformed CSV file: where and why.
public struct CSVError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The 1-based line the problem was found on.
    public let line: Int
    public let reason: String

    public var description: String { "line \(line): \(reason)" }
}

/// Splits CSV bytes into records of fields, one record per call; blank lines are skipped.
struct CSVRecordReader {
    private let bytes: [UInt8]
    private var position = 0
    /// The line the last record returned started on.
    private(set) var line = 0
    private var nextLine = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func next() throws(CSVError) -> [String]? {
        while position < bytes.count, bytes[position] == UInt8(ascii: "\n") || bytes[position] == UInt8(ascii: "\r") {
            if bytes[position] == UInt8(ascii: "\n") { nextLine += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        line = nextLine
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                        field.append(byte)
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { nextLine += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where field.isEmpty:
                quoted = true
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\n"):
                nextLine += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            case UInt8(ascii: "\r"):
                continue
            default:
                field.append(byte)
            }
        }
        if quoted { throw CSVError(line: line, reason: "a quoted field is never closed") }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
