import GRDB
import MMCat

/// Runs an SQLite model on a database file. The script carries its own `BEGIN`/`COMMIT`; if a
/// statement fails, the transaction is rolled back and nothing stays written.
public struct SQLiteModelExecutor: ModelExecutor {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func execute(_ script: [UInt8]) async throws(InputError) -> Int {
        do {
            let queue = try DatabaseQueue(path: path)
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
        } catch {
            throw InputError(file: path, location: "", message: "the model failed and was rolled back: \(error)")
        }
    }
}
