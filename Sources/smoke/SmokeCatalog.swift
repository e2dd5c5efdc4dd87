/// The days and their checks, in order.
enum SmokeCatalog {
    static let days: [SmokeDay] = [
        .day(1, "services healthy, bootstrap, contracts", DayOneChecks.all),
        .day(2, "extensions, schemas, buckets, write-once RAW", DayTwoChecks.all),
        .day(3, "file ingestion", DayThreeChecks.all),
        .day(4, "HTTP ingestion", DayFourChecks.all),
        .day(5, "stream ingestion", DayFiveChecks.all),
        .day(6, "curation and serving", DaySixChecks.all),
    ]

    /// The other pipelines users of such stacks run (issue 11), beside the six days.
    static let pipelines = SmokeDay(
        label: "P", suite: "pipelines", title: "sales sink, batch ETL, webhooks and bronze, many sources, metadata",
        checks: PipelineSalesChecks.all + PipelineBatchETLChecks.all + PipelineWebhookChecks.all + PipelineSourcesChecks.all
            + PipelineMetadataChecks.all)
}
