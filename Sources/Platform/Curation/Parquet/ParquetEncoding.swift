/// The `Encoding` numbers from `parquet.thrift` that Sluice writes or reads.
enum ParquetEncoding {
    static let plain: Int32 = 0
    /// The dictionary-index encoding of format 1.0 writers; read like ``rleDictionary``.
    static let plainDictionary: Int32 = 2
    /// The RLE/bit-packed hybrid, here for definition levels.
    static let rle: Int32 = 3
    static let rleDictionary: Int32 = 8
}
