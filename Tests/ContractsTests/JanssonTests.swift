import CJansson
import Testing

/// jansson is linked and usable: it parses a document and writes it back.
struct JanssonTests {
    @Test func parsesAndReserialisesADocument() throws {
        var error = json_error_t()
        let source = #"{"type": "ingest.file.v1", "data": {"size": 42, "tags": ["a", "b"], "ok": true, "x": null}}"#
        let root = try #require(json_loads(source, 0, &error))
        defer { json_decref(root) }

        let text = try #require(json_dumps(root, Int(JSON_COMPACT | JSON_SORT_KEYS)))
        defer { free(text) }

        #expect(String(cString: text) == #"{"data":{"ok":true,"size":42,"tags":["a","b"],"x":null},"type":"ingest.file.v1"}"#)
        let data = json_object_get(root, "data")
        #expect(json_integer_value(json_object_get(data, "size")) == 42)
    }

    @Test func reportsWhereADocumentIsBroken() {
        var error = json_error_t()
        let root = json_loads("{\"a\": [1, 2,]}", 0, &error)

        #expect(root == nil)
        #expect(error.line == 1)
        #expect(error.column == 13)
    }
}
