/// What one curation run read and produced.
public struct TrafficCurationCounts: Sendable, Equatable {
    /// Data records read from the files that were curated (headers and rejected files not counted).
    public var rowsIn = 0
    /// Records dropped for having no reading_id.
    public var rowsWithoutReadingID = 0
    /// `stg_traffic` rows: one per distinct reading_id.
    public var stagingRows = 0
    /// `fct_traffic_daily` rows.
    public var dailyRows = 0

    /// Records that were duplicates of a kept reading_id.
    public var duplicateRows: Int { rowsIn - rowsWithoutReadingID - stagingRows }

    public init() {}
}
