extension StringProtocol where SubSequence == Substring {
    /// The pieces between occurrences of the ASCII `separator`, found by byte rather than by character.
    ///
    /// `split(separator:)` on a string breaks it into grapheme clusters first, which made splitting the
    /// `Authorization` header, its credential and its signed-header list a visible share of every request's
    /// signature check. For ASCII text, which these are, the pieces are the same.
    func asciiSplit(_ separator: Unicode.Scalar, omittingEmptySubsequences: Bool = true) -> [Substring] {
        let byte = UInt8(ascii: separator)
        var pieces: [Substring] = []
        var start = startIndex
        var index = startIndex
        let bytes = utf8
        while index != endIndex {
            if bytes[index] == byte {
                if !omittingEmptySubsequences || start != index { pieces.append(self[start..<index]) }
                index = bytes.index(after: index)
                start = index
            } else {
                index = bytes.index(after: index)
            }
        }
        if !omittingEmptySubsequences || start != endIndex { pieces.append(self[start..<endIndex]) }
        return pieces
    }
}
