import Foundation
import GRDB

/// The metadata store in an embedded SQLite file (`DATA/metadata.sqlite`) through GRDB, or in
/// memory for tests. A file is opened as a pool in WAL mode: reads run concurrently with each
/// other and with the one write.
struct SQLiteStoreBackend: StoreBackend {
    let writer: any DatabaseWriter

    /// Opens (and migrates) the store at `path`; nil opens an in-memory store.
    init(path: String?) throws {
        if let path { Self.restrictToOwner(path) }
        writer = try path.map { try DatabasePool(path: $0) } ?? DatabaseQueue()
        try Self.migrator.migrate(writer)
    }

    /// Creates the store file readable by its owner only (0600), or makes an existing one so:
    /// it holds token digests and sealed passwords. SQLite gives its `-wal` and `-shm` files the
    /// permissions of the main file.
    private static func restrictToOwner(_ path: String) {
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        if descriptor >= 0 { close(descriptor) }
        for file in [path, path + "-wal", path + "-shm"] { chmod(file, 0o600) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await writer.read { db in try body(Connection(db: db)) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await writer.write { db in try body(Connection(db: db)) }
    }

    /// A GRDB database handle inside a transaction.
    struct Connection: StoreConnection {
        let db: Database

        func fetchAll(_ sql: String, _ arguments: [any StoreArgument]) throws -> [StoreRow] {
            try Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments)).map { row in
                var columns: [String: StoreValue] = [:]
                for (name, value) in row {
                    columns[name] = Self.value(value)
                }
                return StoreRow(columns: columns)
            }
        }

        @discardableResult func execute(_ sql: String, _ arguments: [any StoreArgument]) throws -> Int {
            try db.execute(sql: sql, arguments: Self.arguments(arguments))
            return db.changesCount
        }

        private static func arguments(_ arguments: [any StoreArgument]) -> StatementArguments {
            StatementArguments(
                arguments.map { argument -> DatabaseValue in
                    switch argument.storeValue {
                    case .null: return .null
                    case .integer(let value): return value.databaseValue
                    case .real(let value): return value.databaseValue
                    case .text(let value): return value.databaseValue
                    case .blob(let value): return value.databaseValue
                    }
                })
        }

        private static func value(_ value: DatabaseValue) -> StoreValue {
            switch value.storage {
            case .null: return .null
            case .int64(let value): return .integer(value)
            case .double(let value): return .real(value)
            case .string(let value): return .text(value)
            case .blob(let value): return .blob(value)
            }
        }
    }

    /// The mappings of each job, in order (the first is also `job.mapping_id`).
    static let jobMappingTable = """
        CREATE TABLE job_mapping (
            job_id INTEGER NOT NULL REFERENCES job(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            mapping_id INTEGER NOT NULL REFERENCES mapping(id), PRIMARY KEY (job_id, position))
        """

    static var migrator: DatabaseMigrator {
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
        migrator.registerMigration("v3: the server that runs a queued job") { db in
            try db.execute(sql: "ALTER TABLE job ADD COLUMN server TEXT")
        }
        migrator.registerMigration("v4: model digests") { db in
            try db.execute(sql: "ALTER TABLE model ADD COLUMN sha256 TEXT NOT NULL DEFAULT ''")
            for row in try Row.fetchAll(db, sql: "SELECT job_id, text FROM model") {
                let text: Data = row["text"]
                try db.execute(
                    sql: "UPDATE model SET sha256 = ? WHERE job_id = ?",
                    arguments: [SHA256.hex([UInt8](text)), row["job_id"] as Int64])
            }
        }
        migrator.registerMigration("v5: jobs over several mappings") { db in
            try db.execute(sql: Self.jobMappingTable)
            try db.execute(
                sql: "INSERT INTO job_mapping (job_id, position, mapping_id) SELECT id, 0, mapping_id FROM job")
        }
        return migrator
    }
}
