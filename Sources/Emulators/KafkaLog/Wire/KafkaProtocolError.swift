/// Why a frame or a request could not be read; the connection that sent it is closed.
///
/// A request that cannot be parsed leaves the stream in an unknown state (the next frame boundary is
/// still known, but the client's view of its own request is not), so the broker closes that one
/// connection and keeps serving every other client.
public struct KafkaProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
        case frameTooLarge(Int)
        case negativeFrameLength(Int)
        case truncatedFrame(Int)
        case truncatedField(String)
        case invalidString
        case invalidVarint
    }

    private let base: Base

    /// A length prefix above the broker's limit, refused before anything is allocated for it.
    public static func frameTooLarge(_ length: Int) -> Self { Self(base: .frameTooLarge(length)) }
    /// A length prefix below zero.
    public static func negativeFrameLength(_ length: Int) -> Self { Self(base: .negativeFrameLength(length)) }
    /// The peer closed the connection with this many bytes of an unfinished frame buffered.
    public static func truncatedFrame(_ buffered: Int) -> Self { Self(base: .truncatedFrame(buffered)) }
    /// A field ran past the end of its frame.
    public static func truncatedField(_ what: String) -> Self { Self(base: .truncatedField(what)) }
    /// A string field that is not UTF-8.
    public static let invalidString = Self(base: .invalidString)
    /// A varint longer than its type allows.
    public static let invalidVarint = Self(base: .invalidVarint)

    public var description: String {
        switch base {
        case .frameTooLarge(let n): "frame of \(n) bytes is above the limit"
        case .negativeFrameLength(let n): "negative frame length \(n)"
        case .truncatedFrame(let n): "connection closed inside a frame (\(n) bytes buffered)"
        case .truncatedField(let what): "field \(what) runs past the end of the frame"
        case .invalidString: "string field is not UTF-8"
        case .invalidVarint: "varint is too long"
        }
    }
}
