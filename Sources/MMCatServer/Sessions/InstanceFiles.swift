import Foundation
import MMCat

/// Where a server keeps its sessions' instance categories between restarts: one snapshot
/// (``InstanceSnapshot``) per session and schema category in `DATA/instances`. Files are named by
/// a digest of the session, as a session id is whatever a client sent and never a file name; a
/// file's modification time is when its session was last used, so that the idle timeout holds
/// across restarts too.
///
/// ```swift
/// let files = try InstanceFiles(dataDirectory: ".mmcat")
/// let written = try files.write { sink in InstanceSnapshot.write(instance, to: sink) }
/// try files.commit(written, session: "abc", schemaId: 1)
/// let again = files.load(session: "abc", schemaId: 1) { print($0) }
/// ```
struct InstanceFiles: Sendable {
    let folder: URL

    init(dataDirectory: String) throws {
        folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("instances")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func prefix(_ session: String) -> String {
        String(SHA256.hex(Array(session.utf8)).prefix(32)) + "-"
    }

    private func url(session: String, schemaId: Int64) -> URL {
        folder.appendingPathComponent("\(prefix(session))\(schemaId).instance")
    }

    /// A snapshot written to a temporary file, put in place by ``commit(_:session:schemaId:)``.
    struct Written: Sendable {
        let temporary: URL
        let size: Int
    }

    /// Writes a snapshot (`write` hands its pieces to the sink it is given) to a temporary file
    /// readable by the server's user only, without holding the whole snapshot in memory.
    func write(_ write: ((UnsafeRawBufferPointer) -> Void) -> Void) throws -> Written {
        let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw InputError(file: temporary.path, location: "", message: "cannot create the file") }
        var failure: (any Error)?
        var size = 0
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            write { piece in
                guard failure == nil else { return }
                do { try handle.write(contentsOf: piece) } catch { failure = error }
                size += piece.count
            }
            try handle.close()
            if let failure { throw failure }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return Written(temporary: temporary, size: size)
    }

    /// Makes a written snapshot the session's, replacing the last one at once (a rename).
    func commit(_ written: Written, session: String, schemaId: Int64) throws {
        let target = url(session: session, schemaId: schemaId)
        guard rename(written.temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: written.temporary)
            throw InputError(file: target.path, location: "", message: "cannot replace the instance category")
        }
    }

    /// The session's instance category of `schemaId` as it was last saved; nil when there is none.
    /// A file that cannot be read is removed (and reported to `log`) rather than tried again.
    func load(session: String, schemaId: Int64, log: (String) -> Void) -> InstanceCategory? {
        let file = url(session: session, schemaId: schemaId)
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        do {
            return try InstanceSnapshot.read([UInt8](data), file: file.path)
        } catch {
            log("dropped a saved instance category: \(error)")
            try? FileManager.default.removeItem(at: file)
            return nil
        }
    }

    /// The session's files, one per schema category.
    private func files(of session: String) -> [URL] {
        let start = prefix(session)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(start) }.map { folder.appendingPathComponent($0) }
    }

    /// Marks the session's files of `schemaIds` as used now (no directory listing: this runs
    /// once a minute for every active session).
    func touch(session: String, schemaIds: some Sequence<Int64>) {
        for schemaId in schemaIds {
            let path = url(session: session, schemaId: schemaId).path
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
        }
    }

    /// Removes the session's files (its instance categories expired).
    func remove(session: String) {
        for file in files(of: session) { try? FileManager.default.removeItem(at: file) }
    }

    /// Removes the files of sessions unused for `idle` or longer, and temporary files untouched
    /// for an hour (left by a server that stopped while writing; a job writing one touches it).
    func sweep(idle: Duration) {
        let oldest = Date().addingTimeInterval(-Double(idle.components.seconds))
        let abandoned = Date().addingTimeInterval(-3600)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names {
            let file = folder.appendingPathComponent(name)
            let modified =
                (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
                ?? .distantPast
            if modified < (name.hasSuffix(".tmp") ? abandoned : oldest) {
                try? FileManager.default.removeItem(at: file)
            }
        }
    }
}
