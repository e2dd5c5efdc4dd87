/// The flat schema of a Parquet file: its columns, in file order.
public struct ParquetSchema: Sendable, Equatable {
    /// The columns, in the order they are stored.
    public var columns: [ParquetColumn]

    /// Creates a schema from its columns.
    public init(_ columns: [ParquetColumn]) {
        self.columns = columns
    }

    /// Checks what a Parquet file needs of a schema: at least one column, and non-empty, unique names.
    ///
    /// Readers address columns by name (`SELECT fare FROM read_parquet(...)`), so a duplicate name would
    /// make one of the columns unreachable.
    func validate() throws(ParquetError) {
        guard !columns.isEmpty else { throw .invalidSchema("a Parquet schema needs at least one column") }
        var seen = Set<String>()
        for (index, column) in columns.enumerated() {
            guard !column.name.isEmpty else { throw .invalidSchema("column \(index) has an empty name") }
            guard seen.insert(column.name).inserted else {
                throw .invalidSchema("column name \"\(column.name)\" appears more than once")
            }
        }
    }
}
