extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws ``ParquetError``: the standard library's version rethrows
    /// untyped errors, which typed-throws callers cannot pass on.
    func withParquetBytes<Result>(
        _ body: (UnsafeRawBufferPointer) throws(ParquetError) -> Result
    ) throws(ParquetError) -> Result {
        let outcome = withUnsafeBytes { raw in Swift.Result { () throws(ParquetError) in try body(raw) } }
        return try outcome.get()
    }
}
