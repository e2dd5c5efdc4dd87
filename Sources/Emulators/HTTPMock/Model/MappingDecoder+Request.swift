import Foundation

extension MappingDecoder {
    private static let requestKeys: Set<String> = [
        "method", "url", "urlPath", "urlPattern", "urlPathPattern", "urlPathTemplate", "headers",
        "queryParameters", "pathParameters", "cookies", "formParameters", "basicAuthCredentials", "bodyPatterns",
    ]

    static func requestPattern(from json: MockJSON, pointer: String) throws(MappingError) -> RequestPattern {
        guard let members = json.objectMembers else { throw MappingError(pointer, "request must be a JSON object") }
        for member in members where !requestKeys.contains(member.key) {
            throw MappingError("\(pointer)/\(member.key)", "Unrecognized field \"\(member.key)\" of a request pattern")
        }
        var pattern = RequestPattern()
        pattern.method = try optionalString(json, "method", pointer)
        let urlKeys = ["url", "urlPath", "urlPattern", "urlPathPattern", "urlPathTemplate"].filter { json[$0] != nil }
        if urlKeys.count > 1 {
            throw MappingError("\(pointer)/\(urlKeys[1])", "only one of url, urlPath, urlPattern, urlPathPattern, urlPathTemplate may be given")
        }
        if let key = urlKeys.first, let text = try optionalString(json, key, pointer) {
            pattern.url = try urlMatcher(key, text, pointer: "\(pointer)/\(key)")
        }
        pattern.headers = try multiValueMatchers(json["headers"], pointer: "\(pointer)/headers")
        pattern.queryParameters = try multiValueMatchers(json["queryParameters"], pointer: "\(pointer)/queryParameters")
        pattern.formParameters = try multiValueMatchers(json["formParameters"], pointer: "\(pointer)/formParameters")
        pattern.cookies = try namedMatchers(json["cookies"], pointer: "\(pointer)/cookies")
        pattern.pathParameters = try namedMatchers(json["pathParameters"], pointer: "\(pointer)/pathParameters")
        if !pattern.pathParameters.isEmpty {
            guard case let .urlPathTemplate(template) = pattern.url else {
                throw MappingError("\(pointer)/pathParameters", "pathParameters need a urlPathTemplate")
            }
            for (name, _) in pattern.pathParameters where !template.variableNames.contains(name) {
                throw MappingError("\(pointer)/pathParameters/\(name)", "\(name) is not a variable of \(template.template)")
            }
        }
        if let credentials = json["basicAuthCredentials"] {
            guard let username = credentials["username"]?.stringValue, let password = credentials["password"]?.stringValue else {
                throw MappingError("\(pointer)/basicAuthCredentials", "basicAuthCredentials needs username and password")
            }
            let token = Data("\(username):\(password)".utf8).base64EncodedString()
            pattern.headers.append(("Authorization", .single(EqualToMatcher("Basic \(token)"))))
        }
        if let body = json["bodyPatterns"] {
            guard let values = body.arrayValues else { throw MappingError("\(pointer)/bodyPatterns", "bodyPatterns must be an array") }
            for (position, value) in values.enumerated() {
                pattern.bodyPatterns.append(try valueMatcher(from: value, pointer: "\(pointer)/bodyPatterns/\(position)"))
            }
        }
        return pattern
    }

    private static func urlMatcher(_ key: String, _ text: String, pointer: String) throws(MappingError) -> URLMatcher {
        switch key {
        case "url": return .url(text)
        case "urlPath": return .urlPath(text)
        case "urlPathTemplate": return .urlPathTemplate(PathTemplate(text))
        case "urlPattern": return .urlPattern(try regex(text, pointer: pointer))
        default: return .urlPathPattern(try regex(text, pointer: pointer))
        }
    }

    static func regex(_ pattern: String, negated: Bool = false, pointer: String) throws(MappingError) -> RegexMatcher {
        do {
            return try RegexMatcher(pattern, negated: negated)
        } catch {
            throw MappingError(pointer, "\(pattern) is not a valid regular expression")
        }
    }

    private static func namedMatchers(_ json: MockJSON?, pointer: String) throws(MappingError) -> [(name: String, matcher: any ValueMatcher)] {
        guard let json else { return [] }
        guard let members = json.objectMembers else { throw MappingError(pointer, "must be an object of matchers") }
        var result: [(name: String, matcher: any ValueMatcher)] = []
        for member in members {
            result.append((member.key, try valueMatcher(from: member.value, pointer: "\(pointer)/\(member.key)")))
        }
        return result
    }

    private static func multiValueMatchers(_ json: MockJSON?, pointer: String) throws(MappingError) -> [(name: String, matcher: MultiValueMatcher)] {
        guard let json else { return [] }
        guard let members = json.objectMembers else { throw MappingError(pointer, "must be an object of matchers") }
        var result: [(name: String, matcher: MultiValueMatcher)] = []
        for member in members {
            let memberPointer = "\(pointer)/\(member.key)"
            if let list = member.value["hasExactly"] ?? member.value["includes"] {
                guard let values = list.arrayValues else { throw MappingError(memberPointer, "hasExactly and includes take an array of matchers") }
                var matchers: [any ValueMatcher] = []
                for (position, value) in values.enumerated() {
                    matchers.append(try valueMatcher(from: value, pointer: "\(memberPointer)/\(position)"))
                }
                result.append((member.key, member.value["hasExactly"] != nil ? .hasExactly(matchers) : .includes(matchers)))
            } else {
                result.append((member.key, .single(try valueMatcher(from: member.value, pointer: memberPointer))))
            }
        }
        return result
    }
}
