import Foundation
import MMCat

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file a piece at a time, for a reader that streams it (``JSONRecordReader``, ``CSVRecordReader``), so that
/// a file of gigabytes is never held whole in memory.
///
/// A file of ``directReadSize`` or more is read past the page cache (``DirectIO``): it is read
/// once, start to end, and caching it would only cost fresh memory.
///
/// ```swift
/// if let chunks = FileChunks.open("/data/shop/order.jsonl") {
///     var reader = try JSONRecordReader(file: "/data/shop/order.jsonl", chunks: chunks)
///     while let record = try reader.next() { print(record.number) }
/// }
/// ```
public enum FileChunks {
    /// The size from which a file is read past the page cache.
    public static let directReadSize = 16 << 20

    /// The pieces of the file at `path`, or nil when it is not a file that can be opened.
    public static func open(_ path: String) -> InputChunks? {
        guard let file = OpenFile(path: path) else { return nil }
        return { (buffer: inout [UInt8], count: Int) throws(InputError) -> Bool in
            try file.read(into: &buffer, count: count)
        }
    }

    /// An open file and the aligned buffer its direct reads land in.
    private final class OpenFile {
        let path: String
        let descriptor: Int32
        var direct: Bool
        var aligned = UnsafeMutableRawBufferPointer(start: nil, count: 0)

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else { return nil }
            let wantsDirect = Int(status.st_size) >= FileChunks.directReadSize && DirectIO.flag != nil
            var descriptor: Int32 = -1
            if wantsDirect { descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | DirectIO.flag!) }
            direct = descriptor >= 0
            if descriptor < 0 { descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC) }
            guard descriptor >= 0 else { return nil }
            self.path = path
            self.descriptor = descriptor
        }

        deinit {
            close(descriptor)
            aligned.deallocate()
        }

        /// Appends up to about `count` bytes to `buffer`; false at the end of the file.
        func read(into buffer: inout [UInt8], count: Int) throws(InputError) -> Bool {
            // Whole blocks, so that every direct read starts at an aligned offset.
            let size = (max(count, 1) + DirectIO.alignment - 1) / DirectIO.alignment * DirectIO.alignment
            if aligned.count < size {
                aligned.deallocate()
                aligned = .allocate(byteCount: size, alignment: DirectIO.alignment)
            }
            while true {
                let result = Glibc.read(descriptor, aligned.baseAddress!, direct ? size : min(size, count))
                if result > 0 {
                    buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: aligned[..<result]))
                    // A short read leaves the offset unaligned: the rest is read the usual way.
                    if direct && result % DirectIO.alignment != 0 { direct = !DirectIO.set(descriptor, on: false) }
                    return true
                }
                if result == 0 { return false }
                if errno == EINTR { continue }
                if errno == EINVAL && direct {
                    // The file system refuses direct reads: read it the usual way.
                    direct = false
                    _ = DirectIO.set(descriptor, on: false)
                    continue
                }
                throw InputError(
                    file: path, location: "", message: "cannot be read: \(String(cString: strerror(errno)))")
            }
        }
    }
}
