import Contracts

/// Renders smoke results for people (a table) and for CI (JUnit XML, JSON).
enum SmokeReport {
    /// A fixed-width table, one row per check, and a summary line.
    static func table(_ results: [SmokeResult], target: SmokeTarget) -> String {
        let checkWidth = max(5, results.map(\.check.count).max() ?? 0)
        let statusWidth = max(6, results.map(\.outcome.label.count).max() ?? 0)
        func row(_ day: String, _ check: String, _ status: String, _ detail: String) -> String {
            day.padded(to: 3) + "  " + check.padded(to: checkWidth) + "  " + status.padded(to: statusWidth) + "  " + detail
        }
        var lines = ["smoke: target \(target.rawValue)", row("day", "check", "status", "detail")]
        lines += results.map { row($0.group.label, $0.check, $0.outcome.label, $0.outcome.detail) }
        func count(_ label: String) -> Int { results.filter { $0.outcome.label == label }.count }
        lines.append(
            "\(count("PASS")) passed, \(count("FAIL")) failed, \(count("SKIP")) skipped")
        return lines.joined(separator: "\n")
    }

    /// The results as one JSON document: the target, the counts, and every check with its day, status,
    /// seconds and detail.
    static func json(_ results: [SmokeResult], target: SmokeTarget) -> String {
        func count(_ label: String) -> JSONValue { .number(JSONNumber(results.filter { $0.outcome.label == label }.count)) }
        let checks: [JSONValue] = results.map { result in
            [
                "group": .string(result.group.suite), "check": .string(result.check), "status": .string(result.outcome.label),
                "seconds": .number(JSONNumber(literal: "\(result.seconds)") ?? JSONNumber(0)), "detail": .string(result.outcome.detail),
            ]
        }
        let document: JSONValue = [
            "target": .string(target.rawValue), "passed": count("PASS"), "failed": count("FAIL"), "skipped": count("SKIP"),
            "checks": .array(checks),
        ]
        return JSONSerializer.prettyString(document) + "\n"
    }

    /// One `<testsuite>` per day; failures are `<failure>`s, skips `<skipped>`.
    static func junitXML(_ results: [SmokeResult]) -> String {
        var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<testsuites name=\"smoke\">"]
        for suite in results.map(\.group.suite).uniqued() {
            let rows = results.filter { $0.group.suite == suite }
            let failures = rows.filter { $0.outcome.label == "FAIL" }.count
            xml.append("  <testsuite name=\"\(suite)\" tests=\"\(rows.count)\" failures=\"\(failures)\">")
            for row in rows {
                let open = "    <testcase classname=\"\(suite.replacingOccurrences(of: " ", with: ""))\" name=\"\(row.check.xmlEscaped)\" time=\"\(row.seconds)\""
                switch row.outcome {
                case .passed:
                    xml.append(open + "/>")
                case .skipped(let reason):
                    xml.append(open + ">")
                    xml.append("      <skipped message=\"\(reason.xmlEscaped)\"/>")
                    xml.append("    </testcase>")
                case .failed:
                    xml.append(open + ">")
                    xml.append("      <failure message=\"\(row.outcome.label): \(row.outcome.detail.xmlEscaped)\"/>")
                    xml.append("    </testcase>")
                }
            }
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each kept at its first occurrence.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

extension String {
    fileprivate func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate var xmlEscaped: String {
        var escaped = ""
        for character in self {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
