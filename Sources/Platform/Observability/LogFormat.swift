/// How a command writes its logs to standard error.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (``JSONLogFormatter``): what the compose stack's collector ships to Loki.
    case json
    /// swift-log's plain text lines, for reading at a terminal.
    case text
}
