import Foundation
import MMCat

/// A folder of JSON, JSON Lines and CSV files, one kind per file (`customer.jsonl`). Models are
/// JSON Lines; executing one replaces the kind's file atomically.
public struct FilesFamily: DatabaseFamily {
    public let name = "files"
    public let title = "Files (JSON, JSON Lines, CSV)"
    public let settings = [DatabaseSetting(name: "folder", label: "Folder", kind: .folder, example: "/data/documents")]
    public let kindsAreFlat = false
    public let printer: any ModelPrinter = JSONLinesPrinter()

    public init() {}

    public var readsKinds: Bool { true }

    public func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
        try FileKindSource.open(folder: try database.path("folder"), kind: kind)
    }

    public var executesModels: Bool { true }

    public func executor(kind: String, in database: DatabaseAccess) throws(DatabaseError) -> any ModelExecutor {
        do {
            return FileModelExecutor(folder: try database.path("folder"), kind: kind)
        } catch {
            throw DatabaseError(error)
        }
    }

    /// The kinds are the folder's `.jsonl`, `.json` and `.csv` files, by name without the extension.
    public func kinds(_ database: DatabaseAccess) throws(DatabaseError) -> [String] {
        let folder: String
        do {
            folder = try database.path("folder")
        } catch {
            throw DatabaseError(error)
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw DatabaseError("the folder \"\(database["folder"])\" cannot be read", setting: "settings.folder")
        }
        var kinds: [String] = []
        for name in names.sorted() {
            for suffix in [".jsonl", ".json", ".csv"] where name.hasSuffix(suffix) {
                let kind = String(name.dropLast(suffix.count))
                if !kind.isEmpty && !kinds.contains(kind) { kinds.append(kind) }
            }
        }
        return kinds
    }

    public func testConnection(_ database: DatabaseAccess) async throws(DatabaseError) {
        let folder: String
        do {
            folder = try database.path("folder")
        } catch {
            throw DatabaseError(error)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw DatabaseError("the folder \"\(database["folder"])\" does not exist", setting: "settings.folder")
        }
    }
}
