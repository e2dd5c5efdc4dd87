/// A dataset's declared columns: a file must carry all of them to be landed.
///
/// Extra columns are allowed and make a new schema version in `meta.ingestion_schemas`; a missing
/// declared column sends the file to quarantine.
public struct DatasetSchema: Sendable {
    /// The dataset name, as events and the registry carry it.
    public let name: String
    /// The columns every file of the dataset must have.
    public let requiredColumns: [String]

    /// Creates a dataset declaration.
    public init(name: String, requiredColumns: [String]) {
        self.name = name
        self.requiredColumns = requiredColumns
    }

    /// The seed's traffic-sensor readings.
    public static let traffic = DatasetSchema(
        name: "traffic",
        requiredColumns: [
            "reading_id", "sensor_id", "road", "direction", "road_segment_id", "city", "lat", "lon", "measured_at_utc",
            "vehicle_count", "avg_speed_kmh", "occupancy_pct", "congestion_level", "incident_flag", "source_system",
        ])

    /// The declared datasets, by name.
    public static let all: [String: DatasetSchema] = [traffic.name: traffic]

    /// The declared columns `columns` lacks, in declaration order.
    public func missingColumns(in columns: [String]) -> [String] {
        requiredColumns.filter { !columns.contains($0) }
    }
}
