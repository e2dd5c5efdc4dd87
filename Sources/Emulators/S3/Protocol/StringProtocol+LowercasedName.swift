extension StringProtocol {
    /// A header name as compared case-insensitively: lowercased, but only when it has a capital letter.
    /// Most names arrive in lowercase already (SigV4 signers send them so), and `lowercased()` would build
    /// a new string for each of them on every request.
    var lowercasedName: String {
        utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } ? lowercased() : String(self)
    }
}
