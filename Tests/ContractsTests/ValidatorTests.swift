import Contracts
import Testing

@Suite struct ValidatorTests {
    @Test func basicOutputNamesTheLocations() throws {
        let schema: JSONValue = [
            "$id": "https://sluice.example/t.json",
            "properties": ["payload": ["$ref": "#/$defs/payload"]],
            "$defs": ["payload": ["properties": ["raw_uri": ["type": "string", "pattern": "^s3://"]]]],
        ]
        let validator = try Validator(schema: schema)
        let result = validator.validate(["payload": ["raw_uri": "http://x"]])
        #expect(!result.valid)
        let error = try #require(result.errors.first)
        #expect(error.instanceLocation == "/payload/raw_uri")
        #expect(error.keywordLocation == "/properties/payload/$ref/properties/raw_uri/pattern")
        #expect(error.absoluteKeywordLocation == "https://sluice.example/t.json#/$defs/payload/properties/raw_uri/pattern")
        #expect(error.human == "/payload/raw_uri: does not match ^s3://")
        #expect(validator.validate(["payload": ["raw_uri": "s3://raw/x"]]).basicOutput == ["valid": true])
    }

    @Test func badSchemasAreCompileErrorsNamingTheLocation() {
        func compileError(_ schema: JSONValue) -> SchemaError? {
            do { _ = try Validator(schema: schema); return nil } catch { return error }
        }
        let unresolvable = compileError(["properties": ["a": ["$ref": "#/$defs/missing"]]])
        #expect(unresolvable?.isUnresolvableReference == true)
        #expect(unresolvable?.location == "urn:sluice:schema#/properties/a/$ref")
        #expect(compileError(["$schema": "https://example.com/unknown"]) != nil)
        #expect(compileError(["$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a"]) != nil)
        #expect(compileError(["pattern": "(unclosed"]) != nil)
        #expect(compileError(["type": "strnig"]) != nil)
        #expect(compileError(["minLength": -1]) != nil)
    }

    @Test func remoteReferencesResolveOnlyThroughTheRegistry() throws {
        let schema: JSONValue = ["$ref": "https://elsewhere.example/s.json"]
        #expect(throws: SchemaError.self) { try Validator(schema: schema) }
        var registry = SchemaRegistry()
        registry.register(["type": "integer"], as: "https://elsewhere.example/s.json")
        let validator = try Validator(schema: schema, registry: registry)
        #expect(validator.isValid(1))
        #expect(!validator.isValid("1"))
    }

    @Test func formatIsAnAnnotationUnlessAsserted() throws {
        let schema: JSONValue = ["format": "uuid"]
        #expect(try Validator(schema: schema).isValid("nope"))
        #expect(try !Validator(schema: schema, formatAssertion: true).isValid("nope"))
        #expect(try Validator(schema: schema, formatAssertion: true).isValid("3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6b"))
    }

    @Test func uriFormatsJudgePartByPart() throws {
        let uri = try Validator(schema: ["format": "uri"], formatAssertion: true)
        let reference = try Validator(schema: ["format": "uri-reference"], formatAssertion: true)
        let iri = try Validator(schema: ["format": "iri"], formatAssertion: true)
        let cases: [(String, uri: Bool, reference: Bool)] = [
            ("https://sluice.example/contracts/events/retail.sale.v1.schema.json", true, true),
            ("http://user:pw@host:8080/p/a%41?q=1&r=/x?#frag/?", true, true),
            ("http://[::1]:80/", true, true),
            ("a+b.c-d:rest/of:path", true, true),
            ("/sluice/source/sales", false, true),
            ("//host/path", false, true),
            ("1a:b", false, false),
            ("seg:ment/x", true, true),
            ("http://host:80a/", false, false),
            ("http://ho^st/", false, false),
            ("http://h/%4", false, false),
            ("http://h/a b", false, false),
            ("http://h/#a#b", false, false),
            ("http://h/[x]", false, false),
            ("http://ümlaut.example/", false, false),
        ]
        for (text, isURI, isReference) in cases {
            #expect(uri.isValid(.string(text)) == isURI, "uri: \(text)")
            #expect(reference.isValid(.string(text)) == isReference, "uri-reference: \(text)")
        }
        #expect(iri.isValid("http://ümlaut.example/p?q#f"))
        #expect(!iri.isValid("/relative"))
    }

    @Test func aPathologicalPatternGivesAnErrorNotAHang() throws {
        let validator = try Validator(schema: ["pattern": "^(a+)+$"])
        let result = validator.validate(.string(String(repeating: "a", count: 64) + "!"))
        #expect(!result.valid)
        #expect(result.errors.first?.error.contains("step budget") == true)
    }

    @Test func aValidatorIsSharedAcrossTasks() async throws {
        let validator = try Validator(schema: ["type": "object", "required": ["id"]])
        let verdicts = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<8 { group.addTask { validator.isValid(i % 2 == 0 ? ["id": 1] : [:]) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(verdicts.filter { $0 }.count == 4)
    }
}

@Suite struct ValidatorLimitTests {
    @Test func deepInstancesAgainstRecursiveSchemasEndInAnErrorNotACrash() throws {
        let validator = try Validator(schema: ["items": ["$ref": "#"], "type": "array"])
        func nested(_ depth: Int) throws -> JSONValue {
            try JSONParser.parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        }
        #expect(validator.isValid(try nested(150)))
        #expect(!validator.isValid(try nested(510)))
        let result = validator.validate(try nested(510))
        #expect(result.errors.first?.error.contains("deeper than") == true)
    }
}
