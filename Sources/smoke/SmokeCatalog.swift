/// The days and their checks. A day without checks names the issue that brings them, and is
/// reported as "not implemented" until then.
enum SmokeCatalog {
    static let days: [SmokeDay] = [
        SmokeDay(number: 1, title: "services healthy, bootstrap, contracts", pendingIssue: 10, checks: []),
        SmokeDay(number: 2, title: "extensions, schemas, buckets, write-once RAW", pendingIssue: 8, checks: []),
        SmokeDay(number: 3, title: "file ingestion", pendingIssue: 8, checks: []),
        SmokeDay(number: 4, title: "HTTP ingestion", pendingIssue: 8, checks: []),
        SmokeDay(number: 5, title: "stream ingestion", pendingIssue: 8, checks: []),
        SmokeDay(number: 6, title: "curation and serving", pendingIssue: 9, checks: []),
    ]
}
