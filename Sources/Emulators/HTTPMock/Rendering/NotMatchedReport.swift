/// The plain-text body of WireMock's 404 for an unmatched request: the closest stub beside the
/// request, part by part, with `<<<<<` marking each part that did not match. It is the report
/// people read when a stub is wrong, so it follows WireMock's layout column for column.
enum NotMatchedReport {
    private static let leftWidth = 59
    private static let rightWidth = 52
    private static let rule = String(repeating: "-", count: 119)

    static func render(request: MockRequest, closest: StubMapping?) -> String {
        guard let closest else {
            return "No response could be served as there are no stub mappings in this WireMock instance."
        }
        let title = String(repeating: " ", count: 47)
        var lines = [
            "", title + "Request was not matched", title + "=======================", "", rule,
            "| " + pad("Closest stub", leftWidth - 2) + "| " + pad("Request", rightWidth + 5) + "|", rule, blank,
        ]
        let parts = closest.request.details(of: request)
        for part in parts.prefix(2) { lines += self.lines(part) }
        lines.append(blank)
        let others = parts.dropFirst(2).filter { !$0.isBody }
        for part in others { lines += self.lines(part) }
        if !others.isEmpty { lines.append(blank) }
        let bodies = parts.filter(\.isBody)
        if let shown = bodies.first(where: { !$0.result.isExactMatch }) ?? bodies.first {
            lines += self.lines(shown)
        }
        lines += [blank, rule, ""]
        return lines.joined(separator: "\n")
    }

    private static var blank: String { pad("", leftWidth) + "|" }

    /// One part, its expectation and the request's value side by side; multi-line values (pretty
    /// JSON) run down both columns and the first line carries the `<<<<<` marker.
    private static func lines(_ part: RequestPattern.Part) -> [String] {
        let expected = part.expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let actual = part.actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (0..<max(expected.count, actual.count)).map { row in
            let left = pad(row < expected.count ? expected[row] : "", leftWidth) + "| "
            let right = row < actual.count ? actual[row] : ""
            guard row == 0, !part.result.isExactMatch || part.markedEvenIfMatched else { return right.isEmpty ? String(left.dropLast()) : left + right }
            return left + pad(right, rightWidth) + "<<<<< " + part.failure
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
