import Testing

@testable import Emulators

@Suite struct XMLParserTests {
    @Test func parsesDeleteRequestWithNamespaceAndEntities() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a&amp;b &lt;c&gt;</Key></Object>\
            <Object><Key>caf&#xE9;</Key></Object><Quiet>true</Quiet></Delete>
            """
        let root = try XMLParser.parse(Array(xml.utf8))
        #expect(root.name == "Delete")
        #expect(root.all("Object").compactMap { $0.childText("Key") } == ["a&b <c>", "café"])
        #expect(root.childText("Quiet") == "true")
    }

    @Test(arguments: [
        "<Delete><Object><Key>a</Key></Object", "<CompleteMultipartUpload><Part>", "<a></b>", "", "<a/><b/>",
        "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "<a>&unknown;</a>",
    ])
    func refusesMalformedDocuments(_ text: String) {
        #expect(throws: S3Error.malformedXML) { try XMLParser.parse(Array(text.utf8)) }
    }

    @Test func writerEscapesText() {
        var xml = XMLWriter()
        xml.element("Key", "a<b>&\"c\"")
        #expect(xml.finish().hasSuffix("<Key>a&lt;b&gt;&amp;&quot;c&quot;</Key>"))
    }
}
