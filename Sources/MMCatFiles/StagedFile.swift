import Foundation
import MMCat

#if canImport(Glibc)
    import Glibc
#endif

/// A file written beside its target and put in its place by one rename when it is complete, so
/// that readers see the old file or the new one, never part of one. A write that fails (a full
/// disk) is remembered and reported by ``commit()``, so a writer can stream to it without
/// checking every piece.
///
/// A large file goes past the page cache (``DirectIO``): bytes gather in an aligned buffer of
/// ``bufferSize`` and, once the file outgrows it, go to the disk whole buffers at a time, so an
/// export of gigabytes neither fills the page cache nor pays for fresh cache pages (on a virtual
/// machine that hands freed memory back to its host, touching a fresh page costs more than copying
/// it). A small file, or a file system without direct I/O, is written the usual way.
///
/// ```swift
/// // given: bytes: [UInt8]
/// let file = try StagedFile(replacing: URL(fileURLWithPath: "order.jsonl"))
/// file.write(bytes)
/// try file.commit()
/// ```
public final class StagedFile: @unchecked Sendable {
    /// Bytes gathered before a write: a multiple of ``DirectIO/alignment``.
    public static let bufferSize = 4 << 20
    public let target: URL
    private let temporary: URL
    private var descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    /// Whether writes go past the page cache now.
    private var direct = false
    /// Whether this file system refused direct I/O (then it is not tried again).
    private var directRefused = false
    private var failure: String?
    /// The bytes written so far.
    public private(set) var size = 0

    /// Creates the temporary file (hidden, named after the target, ending in `.tmp`) in the
    /// target's folder, with `permissions` when given.
    public init(replacing target: URL, permissions: Int? = nil) throws(InputError) {
        self.target = target
        let folder = target.deletingLastPathComponent()
        temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        let attributes = permissions.map { [FileAttributeKey.posixPermissions: $0] }
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: attributes) else {
            throw InputError(file: target.path, location: "", message: "cannot create a file in \(folder.path)")
        }
        descriptor = open(temporary.path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw InputError(file: target.path, location: "", message: "cannot create a file in \(folder.path)")
        }
        buffer = .allocate(byteCount: Self.bufferSize, alignment: DirectIO.alignment)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        buffer.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) {
        size += bytes.count
        var rest = bytes
        while !rest.isEmpty {
            let taken = min(rest.count, Self.bufferSize - buffered)
            (buffer.baseAddress! + buffered).copyMemory(from: rest.baseAddress!, byteCount: taken)
            buffered += taken
            rest = UnsafeRawBufferPointer(rebasing: rest[taken...])
            if buffered == Self.bufferSize {
                // The file has outgrown one buffer: from here on it goes past the page cache.
                if !direct && !directRefused { direct = DirectIO.set(descriptor, on: true) }
                writeOut(buffered)
                buffered = 0
            }
        }
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Writes the first `count` bytes of the buffer. A direct write the file system refuses
    /// (`EINVAL`) is made again the usual way, and direct I/O is not tried on this file again.
    private func writeOut(_ count: Int) {
        var written = 0
        while written < count && failure == nil {
            let result = Glibc.write(descriptor, buffer.baseAddress! + written, count - written)
            if result >= 0 {
                written += result
            } else if errno == EINTR {
                continue
            } else if errno == EINVAL && direct {
                direct = false
                directRefused = true
                _ = DirectIO.set(descriptor, on: false)
            } else {
                failure = String(cString: strerror(errno))
            }
        }
    }

    /// Puts the file in place of the target; on a failure the temporary file is removed and the
    /// target is left as it was.
    public func commit() throws(InputError) {
        // Direct writes take whole blocks: the last part of a block is written the usual way.
        let whole = direct ? buffered / DirectIO.alignment * DirectIO.alignment : 0
        if whole > 0 { writeOut(whole) }
        if direct { direct = !DirectIO.set(descriptor, on: false) }
        if buffered > whole && failure == nil {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + whole, byteCount: buffered - whole)
            writeOut(buffered - whole)
        }
        buffered = 0
        if close(descriptor) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        descriptor = -1
        if let failure {
            discard()
            throw InputError(file: target.path, location: "", message: "cannot write the file: \(failure)")
        }
        // rename(2) replaces an existing file atomically (FileManager.replaceItemAt loses it on Linux).
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw InputError(file: target.path, location: "", message: reason)
        }
    }

    /// Drops what was written; the target is left as it was.
    public func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        try? FileManager.default.removeItem(at: temporary)
    }
}
