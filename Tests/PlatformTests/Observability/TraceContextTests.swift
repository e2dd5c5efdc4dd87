import Platform
import Testing

/// W3C trace context: what `traceparent` looks like, what is accepted, and how a run's spans relate.
struct TraceContextTests {
    @Test func aRootTraceFormatsAsVersion00Traceparent() throws {
        let trace = TraceContext.root()
        #expect(trace.traceparent.wholeMatch(of: /00-[0-9a-f]{32}-[0-9a-f]{16}-01/) != nil)
        #expect(TraceContext(traceparent: trace.traceparent) == trace)
    }

    @Test func aChildKeepsTheTraceAndTakesANewSpan() {
        let run = TraceContext.root()
        let child = run.child()
        #expect(child.traceID == run.traceID)
        #expect(child.spanID != run.spanID)
        #expect(TraceContext.root().traceID != run.traceID)
    }

    @Test func parsesTheSpecificationsExample() throws {
        let trace = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(trace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(trace.spanID == "00f067aa0ba902b7")
        #expect(trace.sampled)
        #expect(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")?.sampled == false)
        // A later version is read by its first four fields.
        #expect(TraceContext(traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")?.traceID == trace.traceID)
    }

    @Test(arguments: [
        "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  // too few fields
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // all-zero span id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 has exactly four fields
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  // short trace id
    ])
    func rejectsWhatIsNotATraceparent(_ text: String) {
        #expect(TraceContext(traceparent: text) == nil)
    }
}
