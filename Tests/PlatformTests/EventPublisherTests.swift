import Contracts
import Platform
import Testing

/// Events go out only when they satisfy their contract: one at a time or a batch at a time.
@Suite(.timeLimit(.minutes(2)))
struct EventPublisherTests {
    @Test func aBatchWithAnInvalidEventSendsNothingAndDeadLettersTheInvalidOne() async throws {
        try await BootstrappedStack.run { fixture in
            let valid = (0..<3).map { SyntheticPosts().post($0) }
            let invalid = EventEnvelope.make(
                type: "source.posts.v1", source: "/sluice/source/posts", id: "not-a-uuid", data: try #require(valid[0]["data"]))

            let error = await #expect(throws: EventPublisherError.self) {
                try await fixture.publisher.publishAll((valid + [invalid]).map { ($0, nil) })
            }
            guard case .invalidEvent(let type, let errors)? = error else { Issue.record("expected invalidEvent, got \(String(describing: error))"); return }
            #expect(type == "source.posts.v1")
            #expect(errors.contains { $0.instanceLocation == "/id" })

            let letters = try await fixture.consume(topic: "source.posts.v1.dlq", count: 1)
            #expect(letters[0]["data"]?["reason"]?.stringValue == "validation_failed")
            #expect(letters[0]["data"]?["original"]?["id"]?.stringValue == "not-a-uuid")

            // The valid ones were held back with it; sent alone they land, in order, and read back as sent.
            let reports = try await fixture.publisher.publishAll(valid.map { ($0, "same-key") })
            #expect(reports.map(\.offset) == [reports[0].offset, reports[0].offset + 1, reports[0].offset + 2])
            let landed = try await fixture.consume(topic: "source.posts.v1", count: 3)
            #expect(landed == valid)
        }
    }
}
