extension IngestionRegistry {
    /// Reads `view` (at most `limit` rows): freshness per source, row counts per run, or failures.
    public func read(_ view: MetadataView, limit: Int = 50) throws -> MetadataTable {
        try MetadataTable(view: view, rows: connection.query(view.query, ["\(max(limit, 0))"]))
    }
}
