#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The three date forms S3 speaks, converted without formatters (which are slow and locale-bound):
/// RFC 1123 in headers (`Last-Modified`, `If-Modified-Since`), ISO 8601 with milliseconds in XML
/// bodies, and SigV4's basic form `20130524T000000Z` in `x-amz-date`.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for milliseconds since the epoch (HTTP dates carry whole seconds).
    static func rfc1123(milliseconds: Int) -> String {
        let t = brokenDown(milliseconds / 1000)
        return "\(days[Int(t.tm_wday)]), \(pad(t.tm_mday)) \(months[Int(t.tm_mon)]) \(t.tm_year + 1900) "
            + "\(pad(t.tm_hour)):\(pad(t.tm_min)):\(pad(t.tm_sec)) GMT"
    }

    /// `2024-01-02T03:04:05.000Z`, as ListObjects and CopyObject results carry dates.
    ///
    /// Milliseconds are kept: `aws s3 sync` compares a file's fractional mtime with the listed time, and
    /// a time cut to the second would look older than the file it was uploaded from.
    static func iso8601(milliseconds: Int) -> String {
        let t = brokenDown(milliseconds / 1000)
        let ms = milliseconds % 1000
        let fraction = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(t.tm_year + 1900)-\(pad(t.tm_mon + 1))-\(pad(t.tm_mday))T"
            + "\(pad(t.tm_hour)):\(pad(t.tm_min)):\(pad(t.tm_sec)).\(fraction)Z"
    }

    /// Parses `20130524T000000Z` (SigV4's `x-amz-date`, `X-Amz-Date`).
    static func parseBasicISO8601(_ text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z"),
              let year = number(b[0..<4]), let month = number(b[4..<6]), let day = number(b[6..<8]),
              let hour = number(b[9..<11]), let minute = number(b[11..<13]), let second = number(b[13..<15])
        else { return nil }
        return epoch(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Parses an HTTP date: RFC 1123 (`Sun, 06 Nov 1994 08:49:37 GMT`), the form every client sends.
    static func parseRFC1123(_ text: String) -> Int? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT" || parts[5] == "UTC",
              let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2])
        else { return nil }
        return epoch(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
    }

    private static func epoch(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int? {
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month - 1)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(hour)
        t.tm_min = Int32(minute)
        t.tm_sec = Int32(second)
        return Int(timegm(&t))
    }

    private static func brokenDown(_ seconds: Int) -> tm {
        var time = time_t(seconds)
        var t = tm()
        gmtime_r(&time, &t)
        return t
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var n = 0
        for d in digits {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(d - UInt8(ascii: "0"))
        }
        return n
    }

    private static func pad(_ n: Int32) -> String {
        n < 10 ? "0\(n)" : "\(n)"
    }
}
