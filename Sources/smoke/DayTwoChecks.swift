import Foundation
import Platform

/// Day 2: what bootstrap created is there, and RAW refuses an overwrite.
enum DayTwoChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("extensions postgis, pgcrypto, uuid-ossp present (vector reported)") { context in
            let connection = try PostgresConnection(connectionString: context.config.postgres.connectionString)
            let installed = try Set(connection.query("SELECT extname FROM pg_extension").map { try $0.decode("extname", as: String.self) ?? "" })
            let missing = PlatformBootstrap.requiredExtensions.filter { !installed.contains($0) }
            guard missing.isEmpty else { throw SmokeFailure("missing extensions: \(missing.joined(separator: ", "))") }
            return "present; vector " + (installed.contains("vector") ? "present" : "not installed (optional)")
        },
        SmokeCheck("schemas raw and curated") { context in
            let connection = try PostgresConnection(connectionString: context.config.postgres.connectionString)
            let schemas = try Set(connection.query("SELECT nspname FROM pg_namespace").map { try $0.decode("nspname", as: String.self) ?? "" })
            let missing = ["raw", "curated"].filter { !schemas.contains($0) }
            guard missing.isEmpty else { throw SmokeFailure("missing schemas: \(missing.joined(separator: ", "))") }
            return "present in \(context.config.postgres.database)"
        },
        SmokeCheck("buckets raw and curated") { context in
            let s3 = S3Client(endpoint: context.config.s3)
            let buckets = [context.config.rawBucket, context.config.curatedBucket]
            let missing = try buckets.filter { try !s3.bucketExists($0) }
            guard missing.isEmpty else { throw SmokeFailure("missing buckets: \(missing.joined(separator: ", "))") }
            return "present: \(buckets.joined(separator: ", "))"
        },
        SmokeCheck("RAW refuses an overwrite") { context in
            let s3 = S3Client(endpoint: context.config.s3)
            let bucket = context.config.rawBucket
            // RAW is write-once, so the probe stays; it lives under its own prefix, apart from real data.
            let key = "smoke/overwrite-probe/\(UUID().uuidString).txt"
            let original = Array("first write".utf8)
            try s3.putObject(bucket: bucket, key: key, body: original, contentType: "text/plain", ifAbsent: true)
            do {
                try s3.putObject(bucket: bucket, key: key, body: Array("second write".utf8), contentType: "text/plain", ifAbsent: true)
                throw SmokeFailure("a second write to s3://\(bucket)/\(key) was accepted")
            } catch let error as S3ResponseError {
                guard try s3.getObject(bucket: bucket, key: key) == original else {
                    throw SmokeFailure("the overwrite was refused (\(error.code)) but the object changed")
                }
                return "second write refused with \(error.code) (HTTP \(error.status)); object unchanged"
            }
        },
    ]
}
