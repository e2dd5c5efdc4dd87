/// One page of a bucket listing, as ListObjects v1 and v2 both build it.
///
/// S3 folds keys that share a prefix up to the next delimiter into one common prefix; each key and each
/// common prefix counts once toward max-keys. Paging resumes after the last entry returned, and when
/// that entry was a common prefix every key under it is skipped, so a prefix never appears twice.
public struct S3Listing: Sendable {
    /// The keys on this page and their objects, in UTF-8 byte order.
    public var contents: [(key: String, object: S3Object)] = []
    /// The common prefixes on this page, in order.
    public var commonPrefixes: [String] = []
    /// Whether entries remain after this page.
    public var isTruncated = false
    /// The last entry (key or common prefix) on this page, where the next page starts after.
    public var lastEntry: String?

    /// Lists `keys` (sorted in UTF-8 byte order) from just after `after`.
    static func page(keys: [String], objects: [String: S3Object], prefix: String, delimiter: String?,
                     after: String?, maxKeys: Int) -> S3Listing {
        var listing = S3Listing()
        guard maxKeys > 0 else { return listing }
        var start = 0
        if let after {
            start = firstIndex(in: keys, after: after)
        } else if !prefix.isEmpty {
            start = firstIndex(in: keys, atLeast: prefix)
        }
        var count = 0
        var index = start
        while index < keys.count {
            let key = keys[index]
            index += 1
            if !key.hasPrefix(prefix) {
                if key.utf8.lexicographicallyPrecedes(prefix.utf8) { continue }
                break
            }
            var entry = key
            var isPrefix = false
            if let delimiter, !delimiter.isEmpty {
                if let end = endOfDelimiter(delimiter, in: key, from: prefix.utf8.count) {
                    entry = String(decoding: key.utf8.prefix(end), as: UTF8.self)
                    isPrefix = true
                }
            }
            if isPrefix {
                if entry == listing.commonPrefixes.last || entry == after { continue }
            }
            if count == maxKeys {
                listing.isTruncated = true
                break
            }
            count += 1
            listing.lastEntry = entry
            if isPrefix {
                listing.commonPrefixes.append(entry)
            } else if let object = objects[key] {
                listing.contents.append((key, object))
            }
        }
        return listing
    }

    /// The byte offset just past the first `delimiter` in `key` at or after byte `start`.
    private static func endOfDelimiter(_ delimiter: String, in key: String, from start: Int) -> Int? {
        let k = Array(key.utf8)
        let d = Array(delimiter.utf8)
        guard k.count >= d.count else { return nil }
        var i = start
        while i + d.count <= k.count {
            if k[i] == d[0] && k[i..<(i + d.count)].elementsEqual(d) { return i + d.count }
            i += 1
        }
        return nil
    }

    private static func firstIndex(in keys: [String], after marker: String) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if marker.utf8.lexicographicallyPrecedes(keys[mid].utf8) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    private static func firstIndex(in keys: [String], atLeast bound: String) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid].utf8.lexicographicallyPrecedes(bound.utf8) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
