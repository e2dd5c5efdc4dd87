import Foundation

/// The secret the email hashes are salted with: from `SLUICE_PII_SALT`, or read from the file named by
/// `SLUICE_PII_SALT_FILE` (a secrets mount; its trailing line end is dropped). Never in code.
public struct PIISalt: Sendable {
    /// The salt's bytes.
    let bytes: [UInt8]

    /// Wraps a salt; an empty one is refused, as it would make the hashes guessable.
    public init(_ value: String) throws(BatchETLError) {
        guard !value.isEmpty else { throw BatchETLError(.configuration, "the PII salt is empty") }
        bytes = Array(value.utf8)
    }

    /// The salt the environment names; a clear error when it names none.
    public static func load(environment: [String: String]) throws(BatchETLError) -> PIISalt {
        if let value = environment["SLUICE_PII_SALT"], !value.isEmpty { return try PIISalt(value) }
        if let path = environment["SLUICE_PII_SALT_FILE"], !path.isEmpty {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw BatchETLError(.configuration, "cannot read the PII salt file \(path) (SLUICE_PII_SALT_FILE): \(error.localizedDescription)")
            }
            var salt = Substring(text)
            while let last = salt.last, last == "\n" || last == "\r" { salt.removeLast() }
            return try PIISalt(String(salt))
        }
        throw BatchETLError(
            .configuration,
            "no PII salt: set SLUICE_PII_SALT, or SLUICE_PII_SALT_FILE to a file holding it; emails are not loaded unsalted")
    }
}
