/// S3's general-purpose bucket naming rules, so that a name the emulator accepts also works on AWS.
enum S3BucketName {
    private static let forbiddenPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"]
    private static let forbiddenSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]

    /// Whether `name` is a valid bucket name: 3–63 characters of `a-z 0-9 . -`, beginning and ending
    /// with a letter or digit, no `..`, `.-` or `-.`, not shaped like an IPv4 address, and none of the
    /// prefixes and suffixes AWS reserves.
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        for b in bytes {
            let ok = (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
            guard ok else { return false }
        }
        guard isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!) else { return false }
        guard !name.contains(".."), !name.contains(".-"), !name.contains("-.") else { return false }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ Int($0).map { (0...255).contains($0) } ?? false }) { return false }
        if forbiddenPrefixes.contains(where: name.hasPrefix) || forbiddenSuffixes.contains(where: name.hasSuffix) {
            return false
        }
        return true
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
