import Foundation
import Platform

/// The bronze table as a reader sees it: every row of every object under the table's prefix, with
/// the partition values its path gives.
struct BronzeTableReading {
    struct Row: Hashable {
        let eventDate: String
        let service: String
        let eventID: String
        let timestampMicros: Int64
        let key: String
    }

    let objects: [String]
    let rows: [Row]

    init(config: PlatformConfig) throws {
        let s3 = S3Client(endpoint: config.s3)
        objects = try s3.listAllObjects(bucket: config.curatedBucket, prefix: BronzeServiceEventsTable.prefix).map(\.key)
        var rows: [Row] = []
        for key in objects {
            let parts = key.split(separator: "/")
            let date = parts.first { $0.hasPrefix("event_date=") }.map { String($0.dropFirst("event_date=".count)) } ?? ""
            let service = parts.first { $0.hasPrefix("service=") }.map { String($0.dropFirst("service=".count)) } ?? ""
            let reader = try ParquetFileReader(bytes: try s3.getObject(bucket: config.curatedBucket, key: key))
            for group in reader.rowGroups.indices {
                let batch = try reader.readRowGroup(group)
                for row in 0..<batch.rowCount {
                    guard case .string(let id) = batch[row, 0], case .int64(let ts) = batch[row, 3] else { continue }
                    rows.append(Row(eventDate: date, service: service, eventID: id, timestampMicros: ts, key: key))
                }
            }
        }
        self.rows = rows
    }
}
