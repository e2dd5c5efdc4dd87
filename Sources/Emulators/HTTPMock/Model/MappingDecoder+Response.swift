import Foundation

extension MappingDecoder {
    private static let responseKeys: Set<String> = [
        "status", "statusMessage", "headers", "body", "jsonBody", "base64Body", "bodyFileName",
        "fixedDelayMilliseconds", "delayDistribution", "chunkedDribbleDelay", "fault", "transformers",
        "transformerParameters", "proxyBaseUrl", "additionalProxyRequestHeaders", "fromConfiguredStub",
    ]

    /// The longest delay a stub may ask for, an hour: longer is a mistake, and would overflow timers.
    static let maximumDelay = 3_600_000

    static func responseDefinition(from json: MockJSON, pointer: String) throws(MappingError) -> ResponseDefinition {
        guard let members = json.objectMembers else { throw MappingError(pointer, "response must be a JSON object") }
        for member in members where !responseKeys.contains(member.key) {
            throw MappingError("\(pointer)/\(member.key)", "Unrecognized field \"\(member.key)\" of a response definition")
        }
        var response = ResponseDefinition()
        response.status = try optionalInt(json, "status", pointer) ?? 200
        guard (100...999).contains(response.status) else { throw MappingError("\(pointer)/status", "status must be 100–999") }
        response.statusMessage = try optionalString(json, "statusMessage", pointer)
        response.headers = try headerList(json["headers"], pointer: "\(pointer)/headers")
        response.additionalProxyRequestHeaders = try headerList(
            json["additionalProxyRequestHeaders"], pointer: "\(pointer)/additionalProxyRequestHeaders"
        )
        let bodyKeys = ["body", "jsonBody", "base64Body", "bodyFileName"].filter { json[$0] != nil && json[$0] != .null }
        if bodyKeys.count > 1 {
            throw MappingError("\(pointer)/\(bodyKeys[1])", "only one of body, jsonBody, base64Body, bodyFileName may be given")
        }
        switch bodyKeys.first {
        case "body":
            response.body = .text(try optionalString(json, "body", pointer) ?? "")
        case "jsonBody":
            response.body = .text(json["jsonBody"]?.withPlainNumbers.serialized ?? "")
        case "base64Body":
            guard let data = (try optionalString(json, "base64Body", pointer)).flatMap({ Data(base64Encoded: $0) }) else {
                throw MappingError("\(pointer)/base64Body", "base64Body is not valid base64")
            }
            response.body = .bytes(Array(data))
        case "bodyFileName":
            let name = try optionalString(json, "bodyFileName", pointer) ?? ""
            guard !name.split(separator: "/").contains("..") else {
                throw MappingError("\(pointer)/bodyFileName", "bodyFileName must stay inside __files")
            }
            response.body = .file(name)
        default:
            break
        }
        response.fixedDelayMilliseconds = try optionalInt(json, "fixedDelayMilliseconds", pointer)
        if let delay = response.fixedDelayMilliseconds, !(0...maximumDelay).contains(delay) {
            throw MappingError("\(pointer)/fixedDelayMilliseconds", "fixedDelayMilliseconds must be between 0 and \(maximumDelay)")
        }
        response.delayDistribution = try delayDistribution(json["delayDistribution"], pointer: "\(pointer)/delayDistribution")
        if let dribble = json["chunkedDribbleDelay"] {
            guard let chunks = dribble["numberOfChunks"]?.intValue, (1...10_000).contains(chunks),
                  let duration = dribble["totalDuration"]?.intValue, (0...maximumDelay).contains(duration) else {
                throw MappingError("\(pointer)/chunkedDribbleDelay", "chunkedDribbleDelay needs numberOfChunks > 0 and totalDuration")
            }
            response.chunkedDribbleDelay = (chunks, duration)
        }
        if let fault = try optionalString(json, "fault", pointer) {
            guard let known = ResponseDefinition.Fault(rawValue: fault) else {
                throw MappingError("\(pointer)/fault", "unknown fault \(fault)")
            }
            response.fault = known
        }
        if let transformers = json["transformers"] {
            guard let names = transformers.arrayValues?.compactMap(\.stringValue) else {
                throw MappingError("\(pointer)/transformers", "transformers must be an array of names")
            }
            response.transformers = names
        }
        response.proxyBaseUrl = try optionalString(json, "proxyBaseUrl", pointer)
        return response
    }

    private static func headerList(_ json: MockJSON?, pointer: String) throws(MappingError) -> [(name: String, value: String)] {
        guard let json else { return [] }
        guard let members = json.objectMembers else { throw MappingError(pointer, "headers must be an object") }
        var result: [(name: String, value: String)] = []
        for member in members {
            switch member.value {
            case let .string(value): result.append((member.key, value))
            case let .number(value): result.append((member.key, value))
            case let .array(values):
                for value in values {
                    guard let text = value.stringValue else { throw MappingError("\(pointer)/\(member.key)", "header values must be strings") }
                    result.append((member.key, text))
                }
            default: throw MappingError("\(pointer)/\(member.key)", "header values must be strings")
            }
        }
        return result
    }

    private static func delayDistribution(_ json: MockJSON?, pointer: String) throws(MappingError) -> ResponseDefinition.DelayDistribution? {
        guard let json else { return nil }
        switch json["type"]?.stringValue {
        case "uniform":
            guard let lower = json["lower"]?.intValue, let upper = json["upper"]?.intValue, 0 <= lower, lower <= upper,
                  upper <= maximumDelay else {
                throw MappingError(pointer, "a uniform delay needs 0 <= lower <= upper <= \(maximumDelay)")
            }
            return .uniform(lower: lower, upper: upper)
        case "lognormal":
            guard let median = json["median"]?.doubleValue, let sigma = json["sigma"]?.doubleValue,
                  (0...Double(maximumDelay)).contains(median), (0...10).contains(sigma) else {
                throw MappingError(pointer, "a lognormal delay needs a median of 0–\(maximumDelay) ms and a sigma of 0–10")
            }
            return .lognormal(median: median, sigma: sigma)
        default:
            throw MappingError("\(pointer)/type", "delayDistribution type must be uniform or lognormal")
        }
    }
}
