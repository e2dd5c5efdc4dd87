import Glibc

/// The file a ``ParquetFileWriter`` writes to: a descriptor, the offset of the next byte (page offsets in
/// the footer are taken from it), and a buffer that gathers page headers and small pages into large writes.
final class ParquetFileSink {
    let path: String
    private var descriptor: Int32
    /// Bytes handed to the sink so far: the file offset the next byte will have.
    private(set) var offset: Int64 = 0
    private var buffer: [UInt8] = []
    private static let bufferLimit = 1 << 20

    init(path: String) throws(ParquetError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io("cannot create", path: path, errno: errno) }
        buffer.reserveCapacity(Self.bufferLimit)
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    func write(_ bytes: [UInt8]) throws(ParquetError) {
        try bytes.withParquetBytes { raw throws(ParquetError) in try write(raw) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) {
        offset += Int64(bytes.count)
        if buffer.count + bytes.count <= Self.bufferLimit {
            buffer.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count <= Self.bufferLimit {
            buffer.append(contentsOf: bytes)
        } else {
            try writeAll(bytes)
        }
    }

    /// Writes out what is buffered.
    func flush() throws(ParquetError) {
        guard !buffer.isEmpty else { return }
        try buffer.withParquetBytes { raw throws(ParquetError) in try writeAll(raw) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file; its data is then in the kernel's hands (fsync is the caller's choice).
    func close() throws(ParquetError) {
        try flush()
        let result = Glibc.close(descriptor)
        descriptor = -1
        guard result == 0 else { throw .io("cannot close", path: path, errno: errno) }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) {
        guard descriptor >= 0 else { throw .usage("write to \(path) after it was closed") }
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw .io("cannot write", path: path, errno: errno)
            }
            written += result
        }
    }
}

@available(*, unavailable)
extension ParquetFileSink: Sendable {}
