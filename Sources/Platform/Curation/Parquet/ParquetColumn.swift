/// One column of a ``ParquetSchema``: a flat (non-nested) field.
public struct ParquetColumn: Sendable, Equatable {
    /// The column's name, unique within its schema.
    public var name: String
    /// The logical type of its values.
    public var type: ParquetColumnType
    /// Whether the column may hold nulls (repetition OPTIONAL) or not (REQUIRED).
    public var isOptional: Bool

    /// Creates a column; columns are optional unless told otherwise, as most source data may lack a field.
    public init(_ name: String, _ type: ParquetColumnType, optional: Bool = true) {
        self.name = name
        self.type = type
        self.isOptional = optional
    }
}
