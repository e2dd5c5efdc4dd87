import Foundation
import Platform
import Testing

/// The hand-made UTC formats agree with Foundation's formatters, to the millisecond.
struct UTCTimeTextTests {
    @Test func agreesWithFoundationAcrossCenturiesLeapDaysAndEpochEdges() {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        iso.timeZone = TimeZone(identifier: "UTC")
        let day = DateFormatter()
        day.dateFormat = "yyyy-MM-dd"
        day.timeZone = TimeZone(identifier: "UTC")
        day.locale = Locale(identifier: "en_US_POSIX")

        var generator = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [0, -0.001, -1, 951_782_400, 1_709_164_799.999, 1_800_000_000.5, 4_102_444_800.125]
        let random = (0..<2_000).map { _ in Double(Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)) / 1000 }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTimeText.timestamp(date) == iso.string(from: date), "\(seconds)")
            #expect(UTCTimeText.day(date) == day.string(from: date), "\(seconds)")
        }
    }

    @Test func formatsAKnownInstant() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.007)  // 2027-01-15 08:00:00.007 UTC
        #expect(UTCTimeText.timestamp(date) == "2027-01-15T08:00:00.007Z")
        #expect(UTCTimeText.day(date) == "2027-01-15")
    }
}
