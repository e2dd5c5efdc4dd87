import NIOHTTP1

/// Why a request is refused before its body is read: the status and a message for the caller.
struct WebhookRefusal: Error {
    let status: HTTPResponseStatus
    let message: String
}
