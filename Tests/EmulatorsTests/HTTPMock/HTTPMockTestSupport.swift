import Emulators
import Foundation

/// A stub server on a fresh temporary root directory, shut down and deleted after `body`.
func withMockServer(
    mappings: [String: String] = [:], files: [String: String] = [:],
    _ body: (HTTPMockServer, RawHTTPClient, URL) async throws -> Void
) async throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("httpmock-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("mappings"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: root.appendingPathComponent("__files"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    for (name, text) in mappings {
        try Data(text.utf8).write(to: root.appendingPathComponent("mappings").appendingPathComponent(name))
    }
    for (name, text) in files {
        let file = root.appendingPathComponent("__files").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
    let server = try await HTTPMockServer.start(rootDirectory: root)
    do {
        try await body(server, RawHTTPClient(port: server.port), root)
    } catch {
        try await server.shutdown()
        throw error
    }
    try await server.shutdown()
}

/// The repository's root, found from this file's path, for tests that load `infra/`.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
