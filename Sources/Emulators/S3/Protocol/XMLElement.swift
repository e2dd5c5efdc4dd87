/// One element of a request body S3 accepts (`<Delete>`, `<CompleteMultipartUpload>`), parsed by ``XMLParser``.
struct XMLElement: Sendable, Equatable {
    /// The local name, without any namespace prefix.
    var name: String
    /// The text directly inside the element, entities decoded.
    var text: String
    /// The child elements, in document order.
    var children: [XMLElement]

    /// The children called `name`.
    func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The text of the first child called `name`, if any.
    func childText(_ name: String) -> String? { children.first { $0.name == name }?.text }
}
