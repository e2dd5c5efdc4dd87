import CCurl

/// A transfer libcurl could not complete: the `CURLcode` and curl's own text for it.
public struct CurlError: Error, CustomStringConvertible, Sendable {
    /// libcurl's result code (e.g. 7 for "couldn't connect").
    public let code: UInt32
    /// curl's description of the code.
    public let message: String

    /// Maps a libcurl result code; the one place a `CURLcode` becomes a Swift error.
    init(_ code: CURLcode) {
        self.code = code.rawValue
        self.message = String(cString: curl_easy_strerror(code))
    }

    public var description: String { "libcurl error \(code): \(message)" }
}
