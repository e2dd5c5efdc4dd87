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
        for (position, part) in parts.enumerated() {
            lines.append(line(part))
            if position == 1 { lines.append(blank) }
        }
        if parts.count > 2 { lines.append(blank) }
        lines += [blank, rule, ""]
        return lines.joined(separator: "\n")
    }

    private static var blank: String { pad("", leftWidth) + "|" }

    private static func line(_ part: RequestPattern.Part) -> String {
        let left = pad(part.expected, leftWidth) + "| "
        if part.result.isExactMatch { return left + part.actual }
        return left + pad(part.actual, rightWidth) + "<<<<< " + part.failure
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
