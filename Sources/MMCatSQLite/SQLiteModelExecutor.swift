import GRDB
import MMCat

/// Runs an SQLite model on a database file. The script carries its own `BEGIN`/`COMMIT`; if a
/// statement fails, the transaction is rolled back and nothing stays written. Foreign keys are
/// not enforced while it runs, as in the `sqlite3` shell the scripts are written for: tables
/// that reference each other load in any order, and `PRAGMA foreign_key_check` tells afterwards
/// whether every reference holds.
public struct SQLiteModelExecutor: ModelExecutor {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func execute(_ script: [UInt8]) async throws(InputError) -> Int {
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = false
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return try await queue.writeWithoutTransaction { db in
                let before = db.totalChangesCount
                do {
                    try db.execute(sql: String(decoding: script, as: UTF8.self))
                } catch {
                    if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
                    throw error
                }
                return db.totalChangesCount - before
            }
        } catch let error as GRDB.DatabaseError {
            throw InputError(
                file: path, location: "",
                message: "the model failed and was rolled back: \(error.message ?? "SQLite error \(error.resultCode)")"
                    + (error.sql.map { " in: \(Self.excerpt($0))" } ?? ""))
        } catch {
            throw InputError(file: path, location: "", message: "the model failed and was rolled back: \(error)")
        }
    }

    /// The start of the failing statement, for the message: SQLite reports the rest of the
    /// script from the statement on, which would put a whole model in an error box.
    static func excerpt(_ sql: String) -> String {
        let statement = SQLStatementSplitter.split(sql).first ?? sql
        let line = statement.utf8.firstIndex(of: 10).map { String(statement[..<$0]) } ?? statement
        let scalars = line.unicodeScalars
        return scalars.count > 120 ? String(String.UnicodeScalarView(scalars.prefix(120))) + "…" : line
    }
}
