import Foundation
import MMCat

/// A file written beside its target and put in its place by one rename when it is complete, so
/// that readers see the old file or the new one, never part of one. A write that fails (a full
/// disk) is remembered and reported by ``commit()``, so a writer can stream to it without
/// checking every piece.
///
/// ```swift
/// // given: bytes: [UInt8]
/// let file = try StagedFile(replacing: URL(fileURLWithPath: "order.jsonl"))
/// file.write(bytes)
/// try file.commit()
/// ```
public final class StagedFile: @unchecked Sendable {
    public let target: URL
    private let temporary: URL
    private let handle: FileHandle
    private var failure: (any Error)?
    /// The bytes written so far.
    public private(set) var size = 0

    /// Creates the temporary file (hidden, named after the target, ending in `.tmp`) in the
    /// target's folder, with `permissions` when given.
    public init(replacing target: URL, permissions: Int? = nil) throws(InputError) {
        self.target = target
        let folder = target.deletingLastPathComponent()
        temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        let attributes = permissions.map { [FileAttributeKey.posixPermissions: $0] }
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: attributes),
            let handle = try? FileHandle(forWritingTo: temporary)
        else { throw InputError(file: target.path, location: "", message: "cannot create a file in \(folder.path)") }
        self.handle = handle
    }

    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        do { try handle.write(contentsOf: bytes) } catch { failure = error }
        size += bytes.count
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Puts the file in place of the target; on a failure the temporary file is removed and the
    /// target is left as it was.
    public func commit() throws(InputError) {
        do { try handle.close() } catch { failure = failure ?? error }
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
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
