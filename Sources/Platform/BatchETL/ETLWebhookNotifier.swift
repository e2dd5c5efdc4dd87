import Contracts

/// POSTs a run's outcome as JSON to a configured webhook URL. A failure is returned, never thrown: a
/// receiver that is down must not fail a run whose data is loaded.
struct ETLWebhookNotifier: Sendable {
    let url: String?
    var client = CurlHTTPClient(timeoutMilliseconds: 10_000)

    /// Sends `payload` and reports how it went.
    func notify(_ payload: JSONValue) -> WebhookDelivery {
        guard let url else { return .notConfigured }
        let request = HTTPRequest(
            method: "POST", url: url, headers: [("Content-Type", "application/json")],
            body: JSONSerializer.bytes(payload))
        do {
            let response = try client.perform(request)
            guard (200..<300).contains(response.status) else {
                return .failed(reason: "\(url) answered HTTP \(response.status)")
            }
            return .delivered(status: response.status)
        } catch {
            return .failed(reason: "POST \(url): \(error)")
        }
    }
}
