/// Why the platform's configuration could not be read.
public enum PlatformConfigError: Error, CustomStringConvertible, Equatable {
    /// The `.env` file could not be read.
    case unreadableFile(String, reason: String)
    /// A line of a `.env` file is not `KEY=VALUE`.
    case malformedLine(source: String, line: Int, text: String)
    /// A required key is in neither the environment nor the `.env` file.
    case missingKey(String, source: String)
    /// A key's value has the wrong form, e.g. a port that is not a number.
    case invalidValue(key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "cannot read \(path): \(reason)"
        case .malformedLine(let source, let line, let text):
            "\(source):\(line): expected KEY=VALUE, got '\(text)'"
        case .missingKey(let key, let source):
            "\(key) is not set in the environment or in \(source) (see infra/.env.example)"
        case .invalidValue(let key, let value, let expected):
            "\(key)=\(value): expected \(expected)"
        }
    }
}
