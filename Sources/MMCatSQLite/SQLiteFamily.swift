import MMCat

/// An SQLite database file: each table a flat kind. Models are SQL scripts for `sqlite3`.
public struct SQLiteFamily: DatabaseFamily {
    public let name = "sqlite"
    public let title = "SQLite"
    public let settings = [DatabaseSetting(name: "path", label: "File", kind: .file, example: "/data/shop.sqlite")]
    public let kindsAreFlat = true
    public let printer: any ModelPrinter = SQLitePrinter()

    public init() {}

    public var readsKinds: Bool { true }

    /// Joins of two tables run inside the database (`IN (SELECT …)`).
    public var joinsKinds: Bool { true }

    public func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
        try SQLiteTableSource(path: try database.path("path"), table: kind)
    }

    public func openKind(_ kind: String, in database: DatabaseAccess, reading read: KindRead) throws(InputError)
        -> any RecordSource
    {
        try SQLiteTableSource(path: try database.path("path"), table: kind, read: read)
    }

    public var executesModels: Bool { true }

    public func executor(kind: String, in database: DatabaseAccess) throws(DatabaseError) -> any ModelExecutor {
        do {
            return SQLiteModelExecutor(path: try database.path("path"))
        } catch {
            throw DatabaseError(error)
        }
    }

    public var readsCatalog: Bool { true }

    public func catalog(_ database: DatabaseAccess) throws(DatabaseError) -> RelationalCatalog {
        do {
            return try SQLiteCatalog.read(path: try database.path("path"))
        } catch {
            throw DatabaseError(error)
        }
    }

    public func testConnection(_ database: DatabaseAccess) async throws(DatabaseError) {
        do {
            try SQLiteTableSource.test(path: try database.path("path"))
        } catch {
            throw DatabaseError(error)
        }
    }
}
