/// The days and their checks, in order.
enum SmokeCatalog {
    static let days: [SmokeDay] = [
        SmokeDay(number: 1, title: "services healthy, bootstrap, contracts", checks: DayOneChecks.all),
        SmokeDay(number: 2, title: "extensions, schemas, buckets, write-once RAW", checks: DayTwoChecks.all),
        SmokeDay(number: 3, title: "file ingestion", checks: DayThreeChecks.all),
        SmokeDay(number: 4, title: "HTTP ingestion", checks: DayFourChecks.all),
        SmokeDay(number: 5, title: "stream ingestion", checks: DayFiveChecks.all),
        SmokeDay(number: 6, title: "curation and serving", checks: DaySixChecks.all),
    ]
}
