import Foundation

/// UTC dates as the platform writes them: `2026-11-23` for RAW's `dt=` partitions and
/// `2026-11-23T08:15:30.125Z` (RFC 3339, milliseconds) for event times.
///
/// Made with `gmtime_r` and integer formatting rather than a `DateFormatter`: these run once or twice
/// per message in the stream pipeline, and building a Foundation formatter each time cost more than
/// the rest of the envelope.
public enum UTCTimeText {
    /// The UTC calendar day of `date`, `yyyy-MM-dd`.
    public static func day(_ date: Date) -> String {
        let (fields, _) = split(date)
        return "\(fields.year)-\(twoDigits(fields.month))-\(twoDigits(fields.day))"
    }

    /// `date` in RFC 3339 with milliseconds, in UTC: `yyyy-MM-ddTHH:mm:ss.SSSZ`.
    public static func timestamp(_ date: Date) -> String {
        let (fields, milliseconds) = split(date)
        let millis = milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        return "\(fields.year)-\(twoDigits(fields.month))-\(twoDigits(fields.day))T"
            + "\(twoDigits(fields.hour)):\(twoDigits(fields.minute)):\(twoDigits(fields.second)).\(millis)Z"
    }

    private static func split(_ date: Date) -> ((year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int), Int) {
        let totalMilliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())  // to the nearest, as Foundation does
        var seconds = time_t(totalMilliseconds.floorDivided(by: 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fields = (
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
        return (fields, totalMilliseconds - totalMilliseconds.floorDivided(by: 1000) * 1000)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}

extension Int {
    /// Division rounding towards negative infinity, so times before 1970 land in the right second.
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
