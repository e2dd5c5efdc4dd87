import Foundation

/// `/__admin/files`: list, read, write and delete the bodies under `__files/` (WireMock 3's files API).
struct AdminFiles {
    let engine: HTTPMockEngine

    func handle(_ method: String, _ route: [String], _ request: MockRequest) -> RenderedResponse {
        guard let directory = engine.filesDirectory else { return .text(404, "this server has no root directory\n") }
        if route.isEmpty {
            guard method == "GET" else { return .text(404, "") }
            return .json(200, .array(list(directory).map(MockJSON.string)))
        }
        // Checked after decoding, so `%2e%2e` cannot climb out of `__files/` either.
        let components = route.map { $0.removingPercentEncoding ?? $0 }
        guard !components.contains(where: { $0 == ".." || $0 == "." || $0.contains("/") }) else { return .text(404, "") }
        let name = components.joined(separator: "/")
        let file = directory.appendingPathComponent(name)
        switch method {
        case "GET":
            guard let data = try? Data(contentsOf: file) else { return .text(404, "") }
            return RenderedResponse(status: 200, body: Array(data))
        case "PUT":
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(request.body).write(to: file)
                return RenderedResponse(status: 200)
            } catch {
                return .text(500, "could not write \(name): \(error)\n")
            }
        case "DELETE":
            guard (try? FileManager.default.removeItem(at: file)) != nil else { return .text(404, "") }
            return RenderedResponse(status: 200)
        default:
            return .text(404, "")
        }
    }

    /// Paths relative to `__files/`, sorted.
    private func list(_ directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let base = directory.standardizedFileURL.path
        return enumerator.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .map { String($0.standardizedFileURL.path.dropFirst(base.count + 1)) }
            .sorted()
    }
}
