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

    @Test func dayCountsAndMicrosecondTimestampsAgreeWithTheCalendar() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let days = Int64.random(in: -25_000...45_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            #expect(UTCTimeText.day(daysSinceEpoch: days) == UTCTimeText.day(date), "day \(days)")
        }
        #expect(UTCTimeText.day(daysSinceEpoch: -719_162) == "0001-01-01")
        #expect(UTCTimeText.timestamp(microsecondsSinceEpoch: 1_709_510_400_000_001) == "2024-03-04 00:00:00.000001")
        #expect(UTCTimeText.timestamp(microsecondsSinceEpoch: -1) == "1969-12-31 23:59:59.999999")
        #expect(UTCTimeText.timestamp(microsecondsSinceEpoch: 951_782_400_000_000) == "2000-02-29 00:00:00.000000")
    }
}
