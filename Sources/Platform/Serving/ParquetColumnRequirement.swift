/// A column a serving table needs from a Parquet object: its name and the logical types it may have.
///
/// Integer columns accept INT32 and INT64 alike: writers differ (pyarrow widens to INT64, Trino keeps
/// INT32 for `integer`), and PostgreSQL's column type decides the range anyway.
struct ParquetColumnRequirement: Sendable {
    /// The column name in the Parquet schema.
    let name: String
    /// The logical types accepted.
    let accepted: [ParquetColumnType]

    static func text(_ name: String) -> Self { Self(name: name, accepted: [.string]) }
    static func integer(_ name: String) -> Self { Self(name: name, accepted: [.int32, .int64]) }
    static func double(_ name: String) -> Self { Self(name: name, accepted: [.double]) }
    static func timestamp(_ name: String) -> Self { Self(name: name, accepted: [.timestampMicrosUTC]) }

    /// The positions of `requirements` in `schema`, in the order asked; `object` names the file in errors.
    static func columnIndices(of requirements: [Self], in schema: ParquetSchema, object: String) throws -> [Int] {
        try requirements.map { requirement in
            guard let index = schema.columns.firstIndex(where: { $0.name == requirement.name }) else {
                throw ServingError(
                    kind: .unexpectedSchema,
                    message: "\(object) has no column \(requirement.name) (its columns: "
                        + "\(schema.columns.map(\.name).joined(separator: ", ")))")
            }
            let type = schema.columns[index].type
            guard requirement.accepted.contains(type) else {
                throw ServingError(
                    kind: .unexpectedSchema,
                    message: "\(object): column \(requirement.name) is \(type), expected "
                        + requirement.accepted.map { "\($0)" }.joined(separator: " or "))
            }
            return index
        }
    }
}
