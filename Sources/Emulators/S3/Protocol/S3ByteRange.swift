/// A single byte range from a `Range: bytes=…` header, resolved against an object's size.
///
/// S3 serves one range; a header listing several is ignored and the whole object returned, as S3 does.
struct S3ByteRange: Equatable {
    /// The first byte.
    var start: Int
    /// The last byte, inclusive.
    var end: Int

    var count: Int { end - start + 1 }

    /// Resolves `header` against `size`. Nil means "serve the whole object" (no header, or a form S3 ignores);
    /// `InvalidRange` when the range starts at or past the end.
    static func resolve(_ header: String?, size: Int) throws(S3Error) -> S3ByteRange? {
        guard let header, header.hasPrefix("bytes=") else { return nil }
        let spec = header.dropFirst("bytes=".count)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmingSpaces()
        let last = spec[spec.index(after: dash)...].trimmingSpaces()
        if first.isEmpty {
            guard let suffix = Int(last), suffix >= 0 else { return nil }
            guard suffix > 0, size > 0 else { throw .invalidRange }
            return S3ByteRange(start: max(0, size - suffix), end: size - 1)
        }
        guard let start = Int(first), start >= 0 else { return nil }
        let end: Int
        if last.isEmpty {
            end = size - 1
        } else {
            guard let e = Int(last), e >= start else { return nil }
            end = min(e, size - 1)
        }
        guard start < size else { throw .invalidRange }
        return S3ByteRange(start: start, end: end)
    }
}
