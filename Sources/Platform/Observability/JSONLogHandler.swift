import Foundation
import Logging

/// A swift-log handler writing each entry as one ``JSONLogFormatter`` line.
///
/// Lines go to standard error by default (stdout stays the command's own report); a test passes its
/// own `write` to capture them without touching the process-wide `LoggingSystem`.
public struct JSONLogHandler: LogHandler {
    /// The logger's label, written as `label`.
    public let label: String
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    private let emit: @Sendable (String) -> Void

    /// Creates a handler for `label` at `logLevel`; `write` receives each line without its newline.
    public init(
        label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError
    ) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.emit = write
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given = event.metadata { merged.merge(given) { _, new in new } }
        emit(JSONLogFormatter.line(
            time: Date(), level: event.level, message: event.message.description, label: label, metadata: merged,
            error: event.error))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes `line` and a newline to standard error with one `write(2)` (more only if the kernel takes
    /// part), so lines from several threads do not interleave; stdio's `stderr` is not used, being
    /// shared mutable state to Swift.
    @Sendable public static func standardError(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0a)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
