import Glibc

/// Where a ``ParquetFileReader`` reads its bytes: a buffer it was given, or a file it opens per read with
/// `pread`, so that a reader holds no descriptor and reads only the footer and the chunks asked for.
struct ParquetByteSource: Sendable {
    private enum Storage: Sendable {
        case memory([UInt8])
        case file(String)
    }

    private let storage: Storage
    /// The size of the file or buffer.
    let count: Int

    init(bytes: [UInt8]) {
        storage = .memory(bytes)
        count = bytes.count
    }

    init(path: String) throws(ParquetError) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .io("cannot open", path: path, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notParquet("\(path) is not a regular file") }
        storage = .file(path)
        count = Int(status.st_size)
    }

    /// `length` bytes from `offset`, which the caller has checked lie within ``count``.
    func read(at offset: Int, length: Int) throws(ParquetError) -> [UInt8] {
        precondition(offset >= 0 && length >= 0 && offset + length <= count, "read outside the source")
        switch storage {
        case .memory(let bytes):
            return Array(bytes[offset..<(offset + length)])
        case .file(let path):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .io("cannot open", path: path, errno: errno) }
            defer { close(descriptor) }
            var output = [UInt8](repeating: 0, count: length)
            var done = 0
            var failure: Int32 = 0
            output.withUnsafeMutableBytes { target in
                while done < length {
                    let result = pread(descriptor, target.baseAddress! + done, length - done, off_t(offset + done))
                    if result < 0 && errno == EINTR { continue }
                    if result <= 0 {
                        failure = result < 0 ? errno : 0
                        return
                    }
                    done += result
                }
            }
            guard done == length else {
                if failure != 0 { throw .io("cannot read", path: path, errno: failure) }
                throw .corrupt("\(path) ended at byte \(offset + done) while reading \(length) bytes from \(offset) (was it truncated?)")
            }
            return output
        }
    }
}
