import Foundation
import Testing

@testable import Platform

/// Ids drawn from the kept-open random source: well-formed version 4 UUIDs, never repeated, and
/// envelope helpers around them.
struct RandomIdentifiersTests {
    @Test func uuidsAreVersionFourAndDistinct() {
        let ids = (0..<10_000).map { _ in RandomIdentifiers.uuid() }  // several refills of the 4 KiB pool

        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(500) {
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { bytes[$0] == UInt8(ascii: "-") })
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
            #expect(UUID(uuidString: id) != nil)
        }
        #expect((0..<1_000).allSatisfy { _ in RandomIdentifiers.nonZeroWord() != 0 })
    }

    @Test func theMajorVersionComesFromTheTypesLastPart() {
        #expect(EventEnvelope.majorVersion(of: "ingest.stream.v1") == 1)
        #expect(EventEnvelope.majorVersion(of: "retail.sale.v12") == 12)
        #expect(EventEnvelope.majorVersion(of: "v3") == 3)
        #expect(EventEnvelope.majorVersion(of: "ingest.stream") == 1)
        #expect(EventEnvelope.majorVersion(of: "ingest.nov") == 1)
        #expect(EventEnvelope.majorVersion(of: "ingest.v") == 1)
        #expect(EventEnvelope.majorVersion(of: "ingest.xv2") == 1)
    }

    @Test func derivedIDsKeepTheirShape() {
        let id = EventEnvelope.derivedID(from: "source.posts.v1/0/42")
        #expect(id == EventEnvelope.derivedID(from: "source.posts.v1/0/42"))
        #expect(id != EventEnvelope.derivedID(from: "source.posts.v1/0/43"))
        #expect(Array(id.utf8)[14] == UInt8(ascii: "8"))
        #expect(UUID(uuidString: id) != nil)
    }
}
