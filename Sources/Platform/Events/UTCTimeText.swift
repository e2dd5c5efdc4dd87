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

    /// A calendar day given as days since 1970-01-01 (Parquet's DATE), `yyyy-MM-dd` with a four-digit year.
    public static func day(daysSinceEpoch days: Int64) -> String {
        let (year, month, day) = civil(days)
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))"
    }

    /// Microseconds since the epoch (Parquet's UTC TIMESTAMP) as `yyyy-MM-dd HH:mm:ss.ffffff`: the
    /// canonical text of timestamps in golden tables, six fraction digits and no zone suffix.
    public static func timestamp(microsecondsSinceEpoch micros: Int64) -> String {
        let seconds = Int(micros).floorDivided(by: 1_000_000)
        let fraction = Int(micros) - seconds * 1_000_000
        let days = seconds.floorDivided(by: 86_400)
        let clock = seconds - days * 86_400
        return "\(day(daysSinceEpoch: Int64(days))) \(digits(clock / 3600, 2)):\(digits(clock / 60 % 60, 2)):\(digits(clock % 60, 2))."
            + digits(fraction, 6)
    }

    /// Year, month and day of a day count since 1970-01-01, proleptic Gregorian (Howard Hinnant's
    /// `civil_from_days`), for any day, before 1970 too.
    private static func civil(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
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
