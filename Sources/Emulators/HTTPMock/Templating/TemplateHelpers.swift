import Foundation

/// The helpers WireMock's `response-template` offers that stubs commonly use: `jsonPath`, `now`,
/// `randomValue`, `math`, string helpers (`upper`, `lower`, `capitalize`, `trim`, `substring`,
/// `replace`, `contains`, `matches`, `size`, `join`, `base64`, `urlEncode`, `regexExtract`,
/// `defaultIfEmpty`) and the comparison helpers used in `{{#if}}` (`eq`, `neq`, `gt`, `lt`, …).
struct TemplateHelpers: Sendable {
    /// Every helper name, so the parser can tell `{{upper x}}` from a path.
    static let names: Set<String> = [
        "jsonPath", "now", "date", "randomValue", "randomInt", "math", "upper", "lower", "capitalize", "trim",
        "substring", "replace", "contains", "matches", "size", "join", "base64", "urlEncode", "regexExtract",
        "defaultIfEmpty", "eq", "neq", "gt", "gte", "lt", "lte", "and", "or", "not", "pickRandom",
    ]

    func call(_ name: String, _ arguments: [MockJSON], _ hash: [String: MockJSON]) throws(TemplateError) -> MockJSON {
        let texts = arguments.map(TemplateRenderer.text(of:))
        func text(_ position: Int) -> String { position < texts.count ? texts[position] : "" }
        func number(_ position: Int) -> Double { Double(text(position)) ?? 0 }
        switch name {
        case "jsonPath":
            return try jsonPath(text(0), text(1))
        case "now", "date":
            return .string(Self.formatNow(hash))
        case "randomValue":
            return .string(Self.randomValue(hash))
        case "randomInt":
            let bound = 1_000_000_000_000
            let lower = min(max(Int(hash["lower"].map(TemplateRenderer.text(of:)) ?? "") ?? -bound, -bound), bound)
            let upper = min(max(Int(hash["upper"].map(TemplateRenderer.text(of:)) ?? "") ?? bound, -bound), bound)
            return .int(Int.random(in: lower..<max(upper, lower + 1)))
        case "math":
            return Self.math(number(0), text(1), number(2))
        case "upper": return .string(text(0).uppercased())
        case "lower": return .string(text(0).lowercased())
        case "capitalize":
            return .string(text(0).split(separator: " ", omittingEmptySubsequences: false)
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " "))
        case "trim": return .string(text(0).trimmingCharacters(in: .whitespacesAndNewlines))
        case "substring":
            let characters = Array(text(0))
            let start = min(max(Int(text(1)) ?? 0, 0), characters.count)
            let end = arguments.count > 2 ? min(max(Int(text(2)) ?? characters.count, start), characters.count) : characters.count
            return .string(String(characters[start..<end]))
        case "replace": return .string(text(0).replacingOccurrences(of: text(1), with: text(2)))
        case "contains":
            if case let .array(values)? = arguments.first { return .bool(values.contains { TemplateRenderer.text(of: $0) == text(1) }) }
            return .bool(text(0).contains(text(1)))
        case "matches":
            return .bool((try? RegexMatcher(text(1)))?.matchesWhole(text(0)) ?? false)
        case "size":
            switch arguments.first {
            case let .array(values)?: return .int(values.count)
            case let .object(members)?: return .int(members.count)
            default: return .int(text(0).count)
            }
        case "join":
            let separator = arguments.count > 1 ? text(arguments.count - 1) : ","
            if case let .array(values)? = arguments.first {
                return .string(values.map(TemplateRenderer.text(of:)).joined(separator: separator))
            }
            return .string(texts.dropLast().joined(separator: separator))
        case "base64":
            if hash["decode"].map(TemplateRenderer.isTruthy) == true {
                return .string(Data(base64Encoded: text(0)).map { String(decoding: $0, as: UTF8.self) } ?? "")
            }
            return .string(Data(text(0).utf8).base64EncodedString())
        case "urlEncode":
            if hash["decode"].map(TemplateRenderer.isTruthy) == true {
                return .string(text(0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text(0))
            }
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-_.*")
            return .string((text(0).addingPercentEncoding(withAllowedCharacters: allowed) ?? text(0))
                .replacingOccurrences(of: "%20", with: "+"))
        case "regexExtract":
            return Self.regexExtract(text(0), text(1))
        case "defaultIfEmpty":
            return text(0).isEmpty ? .string(text(1)) : (arguments.first ?? .null)
        case "eq": return .bool(Self.compare(arguments, texts) == .orderedSame)
        case "neq": return .bool(Self.compare(arguments, texts) != .orderedSame)
        case "gt": return .bool(Self.compare(arguments, texts) == .orderedDescending)
        case "gte": return .bool(Self.compare(arguments, texts) != .orderedAscending)
        case "lt": return .bool(Self.compare(arguments, texts) == .orderedAscending)
        case "lte": return .bool(Self.compare(arguments, texts) != .orderedDescending)
        case "and": return .bool(arguments.allSatisfy(TemplateRenderer.isTruthy))
        case "or": return .bool(arguments.contains(where: TemplateRenderer.isTruthy))
        case "not": return .bool(!(arguments.first.map(TemplateRenderer.isTruthy) ?? false))
        case "pickRandom":
            if case let .array(values)? = arguments.first, arguments.count == 1 { return values.randomElement() ?? .null }
            return arguments.randomElement() ?? .null
        default:
            throw TemplateError("unknown helper \(name)")
        }
    }

    private func jsonPath(_ source: String, _ expression: String) throws(TemplateError) -> MockJSON {
        guard let document = try? MockJSONParser.parse(source) else { return .string("") }
        let path: JSONPath
        do { path = try JSONPath(expression) } catch { throw TemplateError("\(error)") }
        switch path.evaluate(document) {
        case nil: return .string("")
        case let .array(values)?: return .string(MockJSON.array(values).serialized)
        case let .object(members)?: return .string(MockJSON.object(members).serialized)
        case let value?: return value
        }
    }

    private static func compare(_ arguments: [MockJSON], _ texts: [String]) -> ComparisonResult {
        guard texts.count >= 2 else { return .orderedAscending }
        if let left = Double(texts[0]), let right = Double(texts[1]) {
            return left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
        }
        return texts[0] == texts[1] ? .orderedSame : (texts[0] < texts[1] ? .orderedAscending : .orderedDescending)
    }

    private static func math(_ left: Double, _ op: String, _ right: Double) -> MockJSON {
        let result: Double
        switch op {
        case "+": result = left + right
        case "-": result = left - right
        case "*": result = left * right
        case "/": result = right == 0 ? .nan : left / right
        case "%": result = right == 0 ? .nan : left.truncatingRemainder(dividingBy: right)
        default: return .string("")
        }
        if result == result.rounded(), abs(result) < 1e15 { return .int(Int(result)) }
        return .number(String(result))
    }

    private static func regexExtract(_ value: String, _ pattern: String) -> MockJSON {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) else { return .string("") }
        let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
        return Range(group, in: value).map { .string(String(value[$0])) } ?? .string("")
    }

    private static func randomValue(_ hash: [String: MockJSON]) -> String {
        let length = Int(hash["length"].map(TemplateRenderer.text(of:)) ?? "") ?? 36
        let type = hash["type"].map(TemplateRenderer.text(of:)) ?? "ALPHANUMERIC"
        let alphabet: String
        switch type {
        case "UUID": return UUID().uuidString.lowercased()
        case "ALPHABETIC": alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        case "NUMERIC": alphabet = "0123456789"
        case "HEXADECIMAL": alphabet = "0123456789abcdef"
        case "ALPHANUMERIC_AND_SYMBOLS": alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_=+"
        default: alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        }
        let characters = Array(alphabet)
        let value = String((0..<min(max(length, 0), 100_000)).map { _ in characters.randomElement()! })
        return hash["uppercase"].map(TemplateRenderer.isTruthy) == true ? value.uppercased() : value
    }

    /// `now` with Java `SimpleDateFormat` patterns (ICU reads them the same way for common fields),
    /// `epoch` / `unix`, an `offset` such as `3 days` or `-1 hours`, and a `timezone`.
    private static func formatNow(_ hash: [String: MockJSON]) -> String {
        var date = Date()
        if let offset = hash["offset"].map(TemplateRenderer.text(of:)) {
            let parts = offset.split(separator: " ")
            if parts.count == 2, let amount = Double(parts[0]) {
                let unit = parts[1].lowercased()
                let seconds: Double = switch unit {
                case "seconds", "second": 1
                case "minutes", "minute": 60
                case "hours", "hour": 3_600
                case "days", "day": 86_400
                case "weeks", "week": 604_800
                case "months", "month": 2_629_746
                case "years", "year": 31_556_952
                default: 0
                }
                date = date.addingTimeInterval(amount * seconds)
            }
        }
        let format = hash["format"].map(TemplateRenderer.text(of:))
        switch format {
        case "epoch": return String(Int64(date.timeIntervalSince1970 * 1_000))
        case "unix": return String(Int64(date.timeIntervalSince1970))
        default:
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = hash["timezone"].flatMap { TimeZone(identifier: TemplateRenderer.text(of: $0)) }
                ?? TimeZone(identifier: "UTC")
            formatter.dateFormat = format ?? "yyyy-MM-dd'T'HH:mm:ss'Z'"
            return formatter.string(from: date)
        }
    }
}
