import Foundation

/// Reads `.env` files as docker compose does: `KEY=VALUE` lines, `#` comments, an optional `export`
/// prefix, values in single quotes taken literally and in double quotes with `\n`, `\"` and `\\` escapes.
///
/// Variable interpolation (`${OTHER}`) is not performed: the platform's keys are plain values, and a
/// `$` in a password must stay a `$`.
public enum DotEnvFile {
    /// The keys and values of the file at `path`.
    public static func load(_ path: String) throws -> [String: String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PlatformConfigError.unreadableFile(path, reason: "\(error.localizedDescription)")
        }
        return try parse(text, source: path)
    }

    /// The keys and values of `.env` text; `source` names it in errors.
    public static func parse(_ text: String, source: String = ".env") throws -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)) }
            guard let equals = line.firstIndex(of: "=") else {
                throw PlatformConfigError.malformedLine(source: source, line: index + 1, text: String(rawLine))
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw PlatformConfigError.malformedLine(source: source, line: index + 1, text: String(rawLine))
            }
            values[key] = value(String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
        }
        return values
    }

    private static func value(_ raw: String) -> String {
        if raw.count >= 2, raw.hasPrefix("'"), raw.hasSuffix("'") {
            return String(raw.dropFirst().dropLast())
        }
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
            var result = ""
            var escaping = false
            for character in raw.dropFirst().dropLast() {
                if escaping {
                    result.append(character == "n" ? "\n" : character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    result.append(character)
                }
            }
            return result
        }
        // An unquoted value ends at an inline comment introduced by whitespace and `#`.
        if let comment = raw.range(of: " #") {
            return raw[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        return raw
    }
}
