/// One data object of a Hive-style partitioned table in S3: `<table prefix>/<name>=<value>/.../<file>`.
///
/// The partition columns live in the key, not in the file, as Hive, Trino and `sluice curate` write them.
public struct HivePartitionedObject: Sendable, Equatable {
    /// The value Hive writes for a NULL partition value.
    public static let defaultPartitionValue = "__HIVE_DEFAULT_PARTITION__"

    /// The object key.
    public let key: String
    /// The object's size in bytes.
    public let size: Int
    /// The partition values of the key in order, percent-decoded; nil for Hive's default (NULL) partition.
    public let partitionValues: [(name: String, value: String?)]

    /// The value of partition column `name`; nil when the key does not name it or it is NULL.
    public func partitionValue(_ name: String) -> String? {
        partitionValues.first { $0.name == name }?.value ?? nil
    }

    /// Reads an object's key below `prefix` (which ends in `/`); nil for keys that are not data objects.
    ///
    /// Files whose name starts with `_` or `.` are not data (`_SUCCESS` markers, temporary `.part` files,
    /// by the Hadoop convention Hive, Spark and Trino share), and neither are "folder" keys ending in `/`.
    /// A path segment between prefix and file without `=` is not a partition: such keys are no data of the
    /// table either.
    init?(key: String, size: Int, prefix: String) {
        guard key.hasPrefix(prefix), !key.hasSuffix("/") else { return nil }
        let segments = key.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard let file = segments.last, let first = file.first, first != "_", first != "." else { return nil }
        var values: [(name: String, value: String?)] = []
        for segment in segments.dropLast() {
            guard let equals = segment.firstIndex(of: "="), equals != segment.startIndex else { return nil }
            let value = Self.percentDecoded(segment[segment.index(after: equals)...])
            values.append((String(segment[..<equals]), value == Self.defaultPartitionValue ? nil : value))
        }
        self.key = key
        self.size = size
        self.partitionValues = values
    }

    public static func == (lhs: HivePartitionedObject, rhs: HivePartitionedObject) -> Bool {
        lhs.key == rhs.key && lhs.size == rhs.size
            && lhs.partitionValues.elementsEqual(rhs.partitionValues) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Every data object under `prefix` in `bucket`, in key order.
    public static func list(s3: S3Client, bucket: String, prefix: String) throws -> [HivePartitionedObject] {
        let folder = prefix.hasSuffix("/") ? prefix : prefix + "/"
        return try s3.listAllObjects(bucket: bucket, prefix: folder).compactMap {
            HivePartitionedObject(key: $0.key, size: $0.size, prefix: folder)
        }
    }

    /// Hive escapes characters such as `/`, `=` and `%` in partition values as `%XX`; a malformed escape
    /// is kept as it is.
    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            let hex = utf8.dropFirst().prefix(2)
            if byte == UInt8(ascii: "%"), hex.count == 2, hex.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
                let decoded = UInt8(String(decoding: hex, as: UTF8.self), radix: 16)
            {
                bytes.append(decoded)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
