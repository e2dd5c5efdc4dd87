/// Why a JSON text was refused, and the byte offset where the parser noticed it.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Base: Sendable, Equatable {
        case unexpectedEnd, unexpectedByte(UInt8), invalidUTF8, invalidEscape, loneSurrogate
        case controlCharacterInString, invalidNumber, trailingGarbage, tooDeep(Int)
    }

    let base: Base
    /// Offset, in bytes from the start of the text, of the first offending byte.
    public let offset: Int

    init(_ base: Base, at offset: Int) {
        self.base = base
        self.offset = offset
    }

    public static let unexpectedEnd = Code("unexpected end of input")
    public static let invalidUTF8 = Code("invalid UTF-8")
    public static let trailingGarbage = Code("trailing characters after the JSON value")
    public static let tooDeep = Code("nesting deeper than the limit")

    /// A stable, comparable code for callers that need to branch on the kind of error.
    public struct Code: Sendable, Equatable {
        public let text: String
        init(_ text: String) { self.text = text }
    }

    public var code: Code {
        switch base {
        case .unexpectedEnd: Self.unexpectedEnd
        case .invalidUTF8: Self.invalidUTF8
        case .trailingGarbage: Self.trailingGarbage
        case .tooDeep: Self.tooDeep
        case .unexpectedByte: Code("unexpected byte")
        case .invalidEscape: Code("invalid escape sequence")
        case .loneSurrogate: Code("unpaired UTF-16 surrogate escape")
        case .controlCharacterInString: Code("unescaped control character in string")
        case .invalidNumber: Code("invalid number")
        }
    }

    public var description: String {
        switch base {
        case .unexpectedByte(let b):
            let shown = b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "0x" + String(b, radix: 16)
            return "unexpected byte \(shown) at offset \(offset)"
        case .tooDeep(let limit): return "nesting deeper than \(limit) levels at offset \(offset)"
        default: return "\(code.text) at offset \(offset)"
        }
    }
}
