@testable import Emulators
import Testing

@Suite struct HTTPMockJournalTests {
    private func event(_ url: String) -> ServeEvent {
        ServeEvent(request: MockRequest(method: "GET", url: url, headers: [], body: []), stub: nil, responseStatus: 404)
    }

    @Test func eventsComeBackNewestFirst() {
        let journal = InMemoryRequestJournal()
        journal.record(event("/1"))
        journal.record(event("/2"))
        #expect(journal.events().map(\.request.url) == ["/2", "/1"])
    }

    @Test func aBoundedJournalKeepsOnlyTheNewest() {
        let journal = InMemoryRequestJournal(maximumEntries: 2)
        for index in 1...5 { journal.record(event("/\(index)")) }
        #expect(journal.events().map(\.request.url) == ["/5", "/4"])
        journal.removeAll()
        #expect(journal.events().isEmpty)
    }
}
