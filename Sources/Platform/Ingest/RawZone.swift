import Foundation

/// Naming inside the RAW zone, shared by every ingestor.
enum RawZone {
    /// The `dt=` partition value of `date`: its UTC day.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: date)
    }
}
