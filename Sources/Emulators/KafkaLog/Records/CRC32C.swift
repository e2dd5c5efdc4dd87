import CKafkaCRC32C

/// CRC-32C (Castagnoli), the checksum of a record batch v2.
///
/// Every produced batch is checked, so this is on the produce path for every byte: the CPU's CRC-32C
/// instruction is used where there is one (``CKafkaCRC32C``), and otherwise a slice-by-8 table in
/// Swift, whose eight lookup tables (one flat array, read through a pointer so the loop has no bounds
/// checks) consume eight bytes per step. The table is immutable and built once per process.
enum CRC32C {
    private static let hardware = sluice_crc32c_hardware_available() != 0

    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[i] = crc
        }
        for t in 1..<8 {
            for i in 0..<256 {
                let previous = table[(t - 1) * 256 + i]
                table[t * 256 + i] = (previous >> 8) ^ table[Int(previous & 0xff)]
            }
        }
        return table
    }()

    /// The checksum of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        if hardware { return sluice_crc32c_hardware_update(0xFFFF_FFFF, base, bytes.count) ^ 0xFFFF_FFFF }
        return software(base, count: bytes.count)
    }

    /// The table-driven computation, for CPUs without the instruction (and to check it in tests).
    static func software(_ base: UnsafeRawPointer, count: Int) -> UInt32 {
        table.withUnsafeBufferPointer { tables in
            let t = tables.baseAddress!
            var crc: UInt32 = 0xFFFF_FFFF
            var offset = 0
            while offset + 8 <= count {
                let lo = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian ^ crc
                let hi = base.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).littleEndian
                let a = t[1792 + Int(lo & 0xff)] ^ t[1536 + Int((lo >> 8) & 0xff)]
                let b = t[1280 + Int((lo >> 16) & 0xff)] ^ t[1024 + Int(lo >> 24)]
                let c = t[768 + Int(hi & 0xff)] ^ t[512 + Int((hi >> 8) & 0xff)]
                let d = t[256 + Int((hi >> 16) & 0xff)] ^ t[Int(hi >> 24)]
                crc = a ^ b ^ c ^ d
                offset += 8
            }
            while offset < count {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(base.load(fromByteOffset: offset, as: UInt8.self))) & 0xff)]
                offset += 1
            }
            return crc ^ 0xFFFF_FFFF
        }
    }
}
