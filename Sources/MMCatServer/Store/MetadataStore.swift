import Foundation
import GRDB
import MMCat

/// Where the server keeps schema categories, databases, mappings, jobs and models: an embedded
/// SQLite file (`metadata.sqlite` in the data folder) through GRDB, or an in-memory database for
/// tests. Every method is one transaction.
///
/// ```swift
/// let store = try MetadataStore(path: "data/metadata.sqlite")
/// let id = try store.createSchema(name: "orders", json: schemaJSON)
/// ```
public final class MetadataStore: Sendable {
    /// A pool (WAL mode: reads run concurrently with each other and with a write) for a file, a
    /// queue for the in-memory store of tests.
    let queue: any DatabaseWriter

    /// Opens (and migrates) the store at `path`; nil opens an in-memory store.
    public init(path: String?) throws {
        queue = try path.map { try DatabasePool(path: $0) } ?? DatabaseQueue()
        try Self.migrator.migrate(queue)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE schema_category (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, json TEXT NOT NULL);
                    CREATE TABLE database (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL, type TEXT NOT NULL,
                        settings TEXT NOT NULL);
                    CREATE TABLE mapping (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        schema_id INTEGER NOT NULL REFERENCES schema_category(id),
                        database_id INTEGER NOT NULL REFERENCES database(id),
                        json TEXT NOT NULL);
                    CREATE TABLE job (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, type TEXT NOT NULL,
                        mapping_id INTEGER NOT NULL REFERENCES mapping(id), status TEXT NOT NULL,
                        queue_order INTEGER, session TEXT, created_at REAL NOT NULL, started_at REAL,
                        ended_at REAL, records_read INTEGER, records_written INTEGER,
                        records_rejected INTEGER, outcome TEXT, reason TEXT, log TEXT NOT NULL DEFAULT '');
                    CREATE TABLE model (
                        job_id INTEGER PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE,
                        target TEXT NOT NULL, text BLOB NOT NULL, created_at REAL NOT NULL);
                    CREATE TABLE token (hash TEXT PRIMARY KEY, created_at REAL NOT NULL);
                    """)
        }
        migrator.registerMigration("v2: encrypted database passwords") { db in
            try db.execute(sql: "ALTER TABLE database ADD COLUMN secret BLOB")
        }
        return migrator
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read(body)
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.write(body)
    }
}
