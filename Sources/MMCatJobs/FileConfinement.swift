import Foundation
import MMCat
import MMCatStore

/// The folders the server may read and write for token holders: file databases (a folder of
/// JSON, JSON Lines and CSV files) and SQLite databases must lie inside one of the operator's
/// roots (`mmcat serve --files-root DIR`, repeatable; in demo mode the demo workspace's folder
/// when none is given), and never on the server's own files (the store, the password key, the
/// instance snapshots, the server id). Paths are resolved, symbolic links included, before they
/// are compared, and every place that opens such a path asks here first.
///
/// ```swift
/// let files = FileConfinement(roots: ["/srv/data"], serverFiles: ["/var/mmcat/metadata.sqlite"])
/// let path = try files.resolve("/srv/data/shop.sqlite", field: "settings.path")
/// ```
package struct FileConfinement: Sendable {
    /// The allowed folders, resolved.
    package let roots: [String]
    /// The server's own files and folders, resolved: never reachable, even inside a root.
    let serverFiles: [String]

    package init(roots: [String], serverFiles: [String]) {
        self.roots = roots.map { Self.resolved($0) ?? $0 }
        self.serverFiles = serverFiles.map { Self.resolved($0) ?? $0 }
    }

    /// The resolved form of `path` when it may be used, or an error naming `field` that says why
    /// not. A path that does not exist yet is resolved through its folder (a model executed on a
    /// new SQLite file creates it); a dangling symbolic link is refused.
    package func resolve(_ path: String, field: String) throws(InputError) -> String {
        let refuse = { (message: String) in InputError(file: "database", location: field, message: message) }
        guard !path.isEmpty else { throw refuse("a path is needed") }
        guard !path.utf8.contains(0) else { throw refuse("a path cannot hold a NUL character") }
        guard let resolved = Self.resolved(path) else {
            throw refuse("\"\(path)\" cannot be resolved: its folder does not exist, or it is a broken link")
        }
        if serverFiles.contains(where: { Self.overlaps(resolved, $0) }) {
            throw refuse("\"\(path)\" is one of the server's own files, which no database may use")
        }
        guard roots.contains(where: { Self.isInside(resolved, $0) }) else {
            if roots.isEmpty {
                throw refuse(
                    "this server allows no file or SQLite databases: its operator can allow folders with --files-root DIR"
                )
            }
            throw refuse(
                "\"\(path)\" is outside the folders this server allows (\(roots.joined(separator: ", "))); its operator can allow more with --files-root DIR"
            )
        }
        return resolved
    }

    /// `path` with every symbolic link resolved; for a path that does not exist, its resolved
    /// folder plus its name. nil when neither resolves, or the path is a link to nowhere.
    static func resolved(_ path: String) -> String? {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        var status = stat()
        guard lstat(absolute, &status) != 0 else { return nil }  // it exists, yet cannot be resolved
        let url = URL(fileURLWithPath: absolute)
        let name = url.lastPathComponent
        guard name != "..", name != ".", let folder = realpath(url.deletingLastPathComponent().path, nil) else {
            return nil
        }
        defer { free(folder) }
        let parent = String(cString: folder)
        return (parent == "/" ? "" : parent) + "/" + name
    }

    /// Whether `path` is `folder` or inside it.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    /// Whether `path` and a server file meet: one inside the other, or the path a file beside the
    /// store that shares its name (`metadata.sqlite-wal`).
    static func overlaps(_ path: String, _ serverFile: String) -> Bool {
        isInside(path, serverFile) || isInside(serverFile, path) || path.hasPrefix(serverFile + "-")
    }
}
