/// A JSON object: members in document order, unique keys, with a hash index built only for large
/// objects so that the common small object costs one array and no dictionary.
public struct JSONObject: Sendable, Hashable {
    /// One `"key": value` pair.
    public struct Member: Sendable, Hashable {
        public let key: String
        public let value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Above this many members, lookups go through a dictionary instead of a linear scan.
    static let indexThreshold = 12

    public let members: [Member]
    private let index: [String: Int]?

    /// Builds an object; a repeated key keeps its last value at its first position (as most parsers do).
    public init(_ members: [Member]) {
        if members.count > Self.indexThreshold {
            var index = [String: Int](minimumCapacity: members.count)
            var unique: [Member] = []
            unique.reserveCapacity(members.count)
            for member in members {
                if let at = index[member.key] {
                    unique[at] = member
                } else {
                    index[member.key] = unique.count
                    unique.append(member)
                }
            }
            self.members = unique
            self.index = unique.count > Self.indexThreshold ? index : nil
        } else if !Self.repeatsAKey(members) {
            // The common case: the parser's array is kept as it is, with no copy.
            self.members = members
            self.index = nil
        } else {
            var unique: [Member] = []
            unique.reserveCapacity(members.count)
            outer: for member in members {
                for i in unique.indices where unique[i].key.isIdentical(to: member.key) {
                    unique[i] = member
                    continue outer
                }
                unique.append(member)
            }
            self.members = unique
            self.index = nil
        }
    }

    private static func repeatsAKey(_ members: [Member]) -> Bool {
        members.withUnsafeBufferPointer { buffer in
            for i in buffer.indices.dropFirst() {
                for j in 0..<i where buffer[j].key.isIdentical(to: buffer[i].key) { return true }
            }
            return false
        }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// The position of `key` among the members, looked for from `hint` on first (then before it): when
    /// keys are looked up in the order the members were written, as a schema's `properties` usually are,
    /// each is found at the first try.
    func position(of key: String, from hint: Int) -> Int? {
        if index != nil { return position(of: key) }
        let length = key.utf8.count
        return members.withUnsafeBufferPointer { buffer in
            let start = min(max(hint, 0), buffer.count)
            for i in start..<buffer.count where buffer[i].key.utf8.count == length && buffer[i].key.isIdentical(to: key) { return i }
            for i in 0..<start where buffer[i].key.utf8.count == length && buffer[i].key.isIdentical(to: key) { return i }
            return nil
        }
    }

    /// The position of `key` among the members.
    public func position(of key: String) -> Int? {
        if let index, let i = index[key], members[i].key.isIdentical(to: key) { return i }
        let length = key.utf8.count
        return members.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where buffer[i].key.utf8.count == length && buffer[i].key.isIdentical(to: key) { return i }
            return nil
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard let i = position(of: key) else { return nil }
        return members[i].value
    }

    /// Objects are equal when they have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var sum = 0
        for member in members {
            var h = Hasher()
            h.combine(JSONValue.string(member.key))
            h.combine(member.value)
            sum &+= h.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
    }
}
