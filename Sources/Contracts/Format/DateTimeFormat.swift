/// RFC 3339 `date-time`, `full-date`, `full-time` and the ISO 8601 durations of its appendix A.
enum DateTimeFormat {
    static func isDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 10 && date(u[...]) != nil
    }

    static func isTime(_ s: String) -> Bool {
        time(Array(s.utf8)[...])
    }

    static func isDateTime(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count > 11, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t"), date(u[0..<10]) != nil else { return false }
        return time(u[11...])
    }

    private static func digits(_ u: ArraySlice<UInt8>) -> Int? {
        guard !u.isEmpty else { return nil }
        var v = 0
        for c in u {
            guard c >= 0x30, c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    /// `YYYY-MM-DD` with the real number of days in the month.
    private static func date(_ u: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        let b = u.startIndex
        guard u.count == 10, u[b + 4] == UInt8(ascii: "-"), u[b + 7] == UInt8(ascii: "-"),
              let y = digits(u[b..<b + 4]), let m = digits(u[b + 5..<b + 7]), let d = digits(u[b + 8..<b + 10]),
              (1...12).contains(m), d >= 1
        else { return nil }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = switch m {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        return d <= days ? (y, m, d) : nil
    }

    /// `HH:MM:SS[.frac](Z|±HH:MM)`; second 60 only when the UTC time is 23:59.
    private static func time(_ u: ArraySlice<UInt8>) -> Bool {
        let b = u.startIndex
        guard u.count >= 9, u[b + 2] == UInt8(ascii: ":"), u[b + 5] == UInt8(ascii: ":"),
              let h = digits(u[b..<b + 2]), let m = digits(u[b + 3..<b + 5]), let s = digits(u[b + 6..<b + 8]),
              h <= 23, m <= 59, s <= 60
        else { return false }
        var i = b + 8
        if u[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < u.endIndex, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
            guard i > start else { return false }
        }
        guard i < u.endIndex else { return false }
        var offsetMinutes = 0
        switch u[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == u.endIndex else { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard u.endIndex - i == 6, u[i + 3] == UInt8(ascii: ":"),
                  let oh = digits(u[i + 1..<i + 3]), let om = digits(u[i + 4..<i + 6]), oh <= 23, om <= 59
            else { return false }
            offsetMinutes = (oh * 60 + om) * (u[i] == UInt8(ascii: "+") ? 1 : -1)
        default: return false
        }
        if s == 60 {
            let utc = ((h * 60 + m - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    private static let duration: ECMARegex = {
        let time = #"T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)"#
        let date = #"(?:\d+D|\d+M(?:\d+D)?|\d+Y(?:\d+M(?:\d+D)?)?)"#
        return try! ECMARegex("^P(?:" + date + "(?:" + time + ")?|" + time + #"|\d+W)$"#)
    }()

    static func isDuration(_ s: String) -> Bool {
        (try? duration.firstMatch(in: s)) == true
    }
}
