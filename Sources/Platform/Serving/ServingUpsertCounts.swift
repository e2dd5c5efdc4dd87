/// What one `INSERT ... ON CONFLICT DO UPDATE` did to the rows it was given.
///
/// A row that conflicts but whose values are all the same is left alone (the update's `WHERE ... IS
/// DISTINCT FROM`), so it counts as unchanged: a second serve of the same data reports 0 changed rather
/// than rewriting every row.
public struct ServingUpsertCounts: Sendable, Equatable {
    /// Rows whose key was new.
    public let inserted: Int
    /// Rows whose key existed with other values.
    public let updated: Int
    /// Rows whose key existed with the same values.
    public let unchanged: Int

    /// Creates counts.
    public init(inserted: Int, updated: Int, unchanged: Int) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }

    /// Rows inserted or updated.
    public var changed: Int { inserted + updated }
    /// Every row the upsert was given.
    public var total: Int { inserted + updated + unchanged }
}
