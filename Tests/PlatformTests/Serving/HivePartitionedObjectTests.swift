import Emulators
import Platform
import Testing

/// Listing a Hive-partitioned table's data objects from the S3 emulator over a real socket.
@Suite(.timeLimit(.minutes(1)))
struct HivePartitionedObjectTests {
    @Test func listsDataObjectsWithTheirPartitionValuesAndSkipsMarkersAndOtherTables() async throws {
        let server = try await S3Server.start(store: S3Store(), credentials: S3Credentials(users: ["serve": "serve-secret"]))
        defer { Task { try? await server.shutdown() } }
        let s3 = S3Client(endpoint: S3Endpoint(url: server.endpoint, accessKey: "serve", secretKey: "serve-secret"))
        try s3.createBucket("curated")
        let keys = [
            "hive/t/traffic_date=2024-03-04/part-00000.parquet",
            "hive/t/traffic_date=2024-03-04/_SUCCESS",
            "hive/t/traffic_date=2024-03-04/.part-00001.parquet.tmp",
            "hive/t/traffic_date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
            "hive/t/city=NEW%20YORK/day=2024-03-05/20240305_abc",
            "hive/t/notes/readme.txt",
            "hive/t/",
            "hive/t2/traffic_date=2024-03-04/part-00000.parquet",
        ]
        for key in keys { try s3.putObject(bucket: "curated", key: key, body: Array(key.utf8)) }

        let objects = try HivePartitionedObject.list(s3: s3, bucket: "curated", prefix: "hive/t")

        #expect(objects.map(\.key) == [
            "hive/t/city=NEW%20YORK/day=2024-03-05/20240305_abc",
            "hive/t/traffic_date=2024-03-04/part-00000.parquet",
            "hive/t/traffic_date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
        ])
        #expect(objects[0].partitionValue("city") == "NEW YORK" && objects[0].partitionValue("day") == "2024-03-05")
        #expect(objects[1].partitionValue("traffic_date") == "2024-03-04")
        #expect(objects[1].size == keys[0].utf8.count)
        #expect(objects[2].partitionValues.count == 1 && objects[2].partitionValue("traffic_date") == nil)
    }
}
