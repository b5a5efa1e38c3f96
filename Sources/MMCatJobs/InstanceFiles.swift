import Foundation
import MMCat
import MMCatFiles
import MMCatStore

/// Where a server keeps its sessions' instance categories between restarts: one snapshot
/// (``InstanceSnapshot``) per session and schema category in `DATA/instances`. Files are named by
/// a digest of the session, as a session id is whatever a client sent and never a file name; a
/// file's modification time is when its session was last used, so that the idle timeout holds
/// across restarts too.
///
/// ```swift
/// // given: instance: InstanceCategory
/// let files = try InstanceFiles(dataDirectory: ".mmcat")
/// let file = try files.write(session: "abc", schemaId: 1) { sink in InstanceSnapshot.write(instance, to: sink) }
/// try file.commit()
/// let again = files.load(session: "abc", schemaId: 1) { print($0) }
/// ```
package struct InstanceFiles: Sendable {
    let folder: URL

    package init(dataDirectory: String) throws {
        folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("instances")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func prefix(_ session: String) -> String {
        String(SHA256.hex(Array(session.utf8)).prefix(32)) + "-"
    }

    private func url(session: String, schemaId: Int64) -> URL {
        folder.appendingPathComponent("\(prefix(session))\(schemaId).instance")
    }

    /// Writes a session's snapshot (`produce` hands its pieces to the sink it is given) to a staged
    /// file readable by the server's user only, without holding the whole snapshot in memory; its
    /// `commit()` puts it in place of the last one.
    func write(
        session: String, schemaId: Int64, _ produce: ((UnsafeRawBufferPointer) -> Void) -> Void
    ) throws(InputError) -> StagedFile {
        let file = try StagedFile(replacing: url(session: session, schemaId: schemaId), permissions: 0o600)
        produce { file.write($0) }
        return file
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
