import CJansson
import Glibc
import Contracts
import Testing

/// jansson (the design card's JSON library) parses and re-serialises a document; the result means
/// the same as the input to Sluice's own parser.
@Suite struct JanssonTests {
    @Test func janssonParsesAndReserialisesADocument() throws {
        let text = ##"{"specversion":"1.0","data":{"size_bytes":48213,"tags":["#a","#b"],"ok":true,"geo":null}}"##
        var error = json_error_t()
        let root = try #require(json_loads(text, 0, &error))
        defer { json_decref(root) }
        let dumped = try #require(json_dumps(root, Int(JSON_COMPACT | JSON_SORT_KEYS)))
        defer { free(dumped) }
        let output = String(cString: dumped)
        #expect(output.hasPrefix(#"{"data":"#))
        #expect(try JSONParser.parse(output) == JSONParser.parse(text))
    }
}
