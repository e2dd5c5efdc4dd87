/// A bucket: its objects, its multipart uploads in progress and its options.
struct S3Bucket: Sendable {
    let name: String
    let created: Int
    /// Write-once (the platform's RAW zone): an existing key can be neither overwritten nor deleted.
    let writeOnce: Bool
    var objects: [String: S3Object] = [:]
    var uploads: [String: S3MultipartUpload] = [:]
    /// The keys in S3's order (UTF-8 byte order), rebuilt lazily after a key is added or removed so that
    /// a run of writes is not slowed by sorting and a run of listings by re-sorting.
    private var sortedKeysCache: [String]?

    init(name: String, created: Int, writeOnce: Bool) {
        self.name = name
        self.created = created
        self.writeOnce = writeOnce
    }

    /// Stores `object` under `key`, replacing any earlier one.
    mutating func store(_ object: S3Object, at key: String) {
        if objects.updateValue(object, forKey: key) == nil { sortedKeysCache = nil }
    }

    /// Removes `key`; true when it existed.
    @discardableResult
    mutating func remove(_ key: String) -> Bool {
        guard objects.removeValue(forKey: key) != nil else { return false }
        sortedKeysCache = nil
        return true
    }

    /// The keys in UTF-8 byte order, S3's listing order.
    mutating func sortedKeys() -> [String] {
        if let sortedKeysCache { return sortedKeysCache }
        let keys = objects.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        sortedKeysCache = keys
        return keys
    }
}
