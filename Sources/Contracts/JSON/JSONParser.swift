/// A byte-level JSON parser (RFC 8259), strict: invalid UTF-8, control characters in strings, lone
/// surrogate escapes, leading zeros and trailing garbage are errors with a byte offset.
///
/// Nesting is limited to `maxDepth` levels (default `JSONParser.defaultMaxDepth`) so that hostile input
/// such as 100,000 `[` gives an error instead of overflowing the stack. It was chosen over jansson by the
/// benchmark in `Sources/Contracts/README.md`: it builds `JSONValue` directly, with no second tree walk.
public struct JSONParser {
    /// The default nesting limit: deep enough for any real document, shallow enough for a thread stack.
    public static let defaultMaxDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var pos = 0
    private var depth = 0

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = buffer
        self.maxDepth = maxDepth
    }

    /// Parses one JSON document from `bytes`.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            var parser = JSONParser(buffer: buffer, maxDepth: maxDepth)
            return try parser.parseDocument()
        }
    }

    /// Parses one JSON document from a byte slice (for example one line of a JSON-lines file).
    public static func parse(_ bytes: ArraySlice<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            var parser = JSONParser(buffer: buffer, maxDepth: maxDepth)
            return try parser.parseDocument()
        }
    }

    /// Parses one JSON document from text.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var text = text
        // `withUTF8` is untyped `rethrows`: carry the typed error out in a `Result`.
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                var parser = JSONParser(buffer: buffer, maxDepth: maxDepth)
                return try parser.parseDocument()
            }
        }
        return try result.get()
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if pos != bytes.count { throw JSONParseError(.trailingGarbage, at: pos) }
        return value
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    private func peek() throws(JSONParseError) -> UInt8 {
        guard pos < bytes.count else { throw JSONParseError(.unexpectedEnd, at: pos) }
        return bytes[pos]
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case let b: throw JSONParseError(.unexpectedByte(b), at: pos)
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for b in w {
            guard pos < bytes.count else { throw JSONParseError(.unexpectedEnd, at: pos) }
            guard bytes[pos] == b else { throw JSONParseError(.unexpectedByte(bytes[pos]), at: pos) }
            pos += 1
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw JSONParseError(.tooDeep(maxDepth), at: pos) }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        pos += 1
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            let b = try peek()
            guard b == UInt8(ascii: "\"") else { throw JSONParseError(.unexpectedByte(b), at: pos) }
            let key = try parseString()
            skipWhitespace()
            let colon = try peek()
            guard colon == UInt8(ascii: ":") else { throw JSONParseError(.unexpectedByte(colon), at: pos) }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            let next = try peek()
            pos += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "}") { break }
            throw JSONParseError(.unexpectedByte(next), at: pos - 1)
        }
        depth -= 1
        return .object(JSONObject(members))
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        pos += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            let next = try peek()
            pos += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "]") { break }
            throw JSONParseError(.unexpectedByte(next), at: pos - 1)
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        var negative = false
        if bytes[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        let intStart = pos
        guard pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 else {
            throw JSONParseError(pos < bytes.count ? .invalidNumber : .unexpectedEnd, at: pos)
        }
        if bytes[pos] == 0x30 {
            pos += 1
            if pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { throw JSONParseError(.invalidNumber, at: pos) }
        } else {
            while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { pos += 1 }
        }
        let intEnd = pos
        // Fast path: a plain integer of at most 18 digits.
        if intEnd - intStart <= 18, pos == bytes.count || (bytes[pos] != UInt8(ascii: ".") && bytes[pos] | 0x20 != UInt8(ascii: "e")) {
            var v: Int64 = 0
            for i in intStart..<intEnd { v = v * 10 + Int64(bytes[i] - 0x30) }
            return JSONNumber(negative ? -v : v)
        }
        var fracStart = pos, fracEnd = pos
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            fracStart = pos
            while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { pos += 1 }
            fracEnd = pos
            if fracStart == fracEnd { throw JSONParseError(pos < bytes.count ? .invalidNumber : .unexpectedEnd, at: pos) }
        }
        var exponent = 0
        if pos < bytes.count, bytes[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            var expNegative = false
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") {
                expNegative = bytes[pos] == UInt8(ascii: "-")
                pos += 1
            }
            let expStart = pos
            while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 {
                // Clamp: beyond a billion the value is 0 or ∞ for every practical purpose.
                if exponent < 1_000_000_000 { exponent = exponent * 10 + Int(bytes[pos] - 0x30) }
                pos += 1
            }
            if expStart == pos { throw JSONParseError(pos < bytes.count ? .invalidNumber : .unexpectedEnd, at: pos) }
            if expNegative { exponent = -exponent }
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(intEnd - intStart + fracEnd - fracStart)
        for i in intStart..<intEnd { digits.append(bytes[i] - 0x30) }
        for i in fracStart..<fracEnd { digits.append(bytes[i] - 0x30) }
        return JSONNumber(negative: negative, significand: digits, pointExponent: (intEnd - intStart) + exponent)
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        pos += 1
        let start = pos
        // Fast path: no escapes.
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw JSONParseError(.controlCharacterInString, at: pos) }
            if b < 0x80 { pos += 1 } else { try skipUTF8Sequence() }
        }
        guard pos < bytes.count else { throw JSONParseError(.unexpectedEnd, at: pos) }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                try parseEscape(into: &buffer)
            } else if b < 0x20 {
                throw JSONParseError(.controlCharacterInString, at: pos)
            } else if b < 0x80 {
                buffer.append(b)
                pos += 1
            } else {
                let s = pos
                try skipUTF8Sequence()
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<pos]))
            }
        }
        throw JSONParseError(.unexpectedEnd, at: pos)
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let at = pos
        pos += 1
        guard pos < bytes.count else { throw JSONParseError(.unexpectedEnd, at: pos) }
        let e = bytes[pos]
        pos += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(e)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if scalar >= 0xD800, scalar <= 0xDBFF {
                guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw JSONParseError(.loneSurrogate, at: at)
                }
                pos += 2
                let low = try parseHex4()
                guard low >= 0xDC00, low <= 0xDFFF else { throw JSONParseError(.loneSurrogate, at: at) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                throw JSONParseError(.loneSurrogate, at: at)
            }
            buffer.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
        default: throw JSONParseError(.invalidEscape, at: at)
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw JSONParseError(.unexpectedEnd, at: bytes.count) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: throw JSONParseError(.invalidEscape, at: pos)
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    /// Validates one multi-byte UTF-8 sequence at `pos` (no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let b0 = bytes[pos]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONParseError(.invalidUTF8, at: pos)
        }
        guard pos + length <= bytes.count else { throw JSONParseError(.invalidUTF8, at: pos) }
        let b1 = bytes[pos + 1]
        guard b1 >= low, b1 <= high else { throw JSONParseError(.invalidUTF8, at: pos) }
        for i in 2..<max(2, length) where bytes[pos + i] & 0xC0 != 0x80 {
            throw JSONParseError(.invalidUTF8, at: pos)
        }
        pos += length
    }
}
