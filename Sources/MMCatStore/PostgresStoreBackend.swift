import Foundation
import Logging
import MMCat
import MMCatPostgres
import NIOCore
import PostgresNIO
import Synchronization

/// The metadata store in a PostgreSQL database (`mmcat serve --store postgres://...`), so that
/// several servers can share schema categories, databases, mappings, jobs and models.
///
/// The store's transactions are short synchronous bodies (see ``StoreConnection``); here each runs
/// on a GCD worker thread, never on an event loop, and waits for each statement's result, on a
/// connection taken from a pool of at most ``connections`` open connections. Callers beyond that
/// wait their turn (suspended, not blocking a thread), so a burst of requests neither opens and
/// closes connections nor parks dozens of threads.
///
/// ```swift
/// let backend = try await PostgresStoreBackend(url: "postgres://mmcat@db:5432/mmcat")
/// ```
final class PostgresStoreBackend: StoreBackend {
    private let settings: PostgresSettings
    /// The URL without its password, for error messages.
    let location: String
    private let idle = Mutex<[PostgresConnection]>([])
    private let logger = Logger(label: "mmcat.store")
    /// The most transactions (and connections) at once.
    static let connections = 8
    private let slots = TransactionSlots(count: PostgresStoreBackend.connections)

    /// Connects to `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]`, with
    /// `sslmode` and `sslrootcert` as for a database's settings; the password may come from
    /// `PGPASSWORD` instead) and creates or migrates the store's tables.
    init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) async throws {
        let settings = try Self.settings(url: url, environment: environment)
        location = settings.location
        self.settings = settings
        try await write { connection in try Self.migrate(connection) }
    }

    /// The settings of a store URL; a URL of the wrong form is an invalid `store`, a TLS setting
    /// that cannot be used an error naming it.
    private static func settings(url: String, environment: [String: String]) throws -> PostgresSettings {
        switch Result(catching: { () throws(InputError) in
            try PostgresSettings(url: url, name: "store", environment: environment)
        }) {
        case .success(let settings): return settings
        case .failure(let error) where error.file == "store":
            throw StoreError.invalid(
                "the store must look like postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE", field: "store")
        case .failure(let error): throw error
        }
    }

    deinit {
        for connection in idle.withLock({ $0 }) {
            connection.closeQuietly()
        }
    }

    /// Reads run their statements one by one, each seeing what was committed when it started (the
    /// store's reads are single statements, but for a job's place in the queue, which may be a
    /// moment old): no BEGIN and COMMIT, so a job status costs one round trip instead of three.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await transaction(nil, body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await transaction("START TRANSACTION", body)
    }

    private func transaction<T: Sendable>(
        _ begin: String?, _ body: @escaping @Sendable (any StoreConnection) throws -> T
    ) async throws -> T {
        await slots.acquire()
        do {
            let result = try await Offload.run { try self.run(begin, body) }
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }

    /// Runs `body` on a pooled connection, between `begin` and COMMIT when there is a `begin`;
    /// rolls back when it throws.
    private func run<T>(_ begin: String?, _ body: (any StoreConnection) throws -> T) throws -> T {
        let connection = try acquire()
        let session = Connection(connection: connection, logger: logger, location: location)
        do {
            if let begin { try session.execute(begin, []) }
            let result = try body(session)
            if begin != nil { try session.execute("COMMIT", []) }
            release(connection)
            return result
        } catch {
            if begin == nil || (try? session.execute("ROLLBACK", [])) != nil {
                release(connection)
            } else {
                connection.closeQuietly()
            }
            throw error
        }
    }

    private func acquire() throws -> PostgresConnection {
        if let connection = idle.withLock({ $0.popLast() }), !connection.isClosed { return connection }
        do throws(InputError) {
            return try settings.connectWaiting(logger: logger)
        } catch {
            throw StoreError.unavailable(
                "cannot reach the metadata store \(location): \(error.problems.first?.message ?? "")")
        }
    }

    private func release(_ connection: PostgresConnection) {
        let kept = idle.withLock { connections in
            guard connections.count < Self.connections else { return false }
            connections.append(connection)
            return true
        }
        if !kept { connection.closeQuietly() }
    }

    /// One PostgreSQL connection inside a transaction.
    struct Connection: StoreConnection {
        let connection: PostgresConnection
        let logger: Logger
        let location: String

        func fetchAll(_ sql: String, _ arguments: [any StoreArgument]) throws -> [StoreRow] {
            try query(sql, arguments).rows.map { row in
                var columns: [String: StoreValue] = [:]
                for cell in row {
                    columns[cell.columnName] = try Self.value(cell)
                }
                return StoreRow(columns: columns)
            }
        }

        @discardableResult func execute(_ sql: String, _ arguments: [any StoreArgument]) throws -> Int {
            try query(sql, arguments).metadata.rows ?? 0
        }

        /// Runs `sql` with its `?` placeholders numbered as PostgreSQL wants them (`$1`, `$2`...).
        private func query(_ sql: String, _ arguments: [any StoreArgument]) throws -> PostgresQueryResult {
            var numbered = ""
            var count = 0
            for character in sql {
                if character == "?" {
                    count += 1
                    numbered += "$\(count)"
                } else {
                    numbered.append(character)
                }
            }
            var bindings = PostgresBindings(capacity: arguments.count)
            for argument in arguments {
                switch argument.storeValue {
                case .null: bindings.appendNull()
                case .integer(let value): bindings.append(value)
                case .real(let value): bindings.append(value)
                case .text(let value): bindings.append(value)
                case .blob(let value): bindings.append(ByteBuffer(bytes: value))
                }
            }
            do {
                return try connection.query(PostgresQuery(unsafeSQL: numbered, binds: bindings), logger: logger).wait()
            } catch {
                throw StoreError.failure(
                    "store", "the metadata store \(location) failed: \(PostgresSettings.message(for: error))")
            }
        }

        private static func value(_ cell: PostgresCell) throws -> StoreValue {
            guard cell.bytes != nil else { return .null }
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .bytea: return .blob(try cell.decode(Data.self))
            default: return .text(try cell.decode(String.self))
            }
        }
    }

    /// Creates the tables, or brings an older store up to date, once even when several servers
    /// start together (an advisory lock holds the others until the first has finished).
    private static func migrate(_ connection: any StoreConnection) throws {
        try connection.execute("SELECT pg_advisory_xact_lock(7361776)", [])
        try connection.execute("CREATE TABLE IF NOT EXISTS mmcat_migration (name TEXT PRIMARY KEY)", [])
        for (name, statements) in migrations {
            guard try connection.fetchOne("SELECT name FROM mmcat_migration WHERE name = ?", [name]) == nil else {
                continue
            }
            for statement in statements {
                try connection.execute(statement, [])
            }
            try connection.execute("INSERT INTO mmcat_migration (name) VALUES (?)", [name])
        }
    }

    private static let migrations: [(String, [String])] = [
        (
            "v1",
            [
                """
                CREATE TABLE schema_category (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT NOT NULL, json TEXT NOT NULL)
                """,
                """
                CREATE TABLE database (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, label TEXT NOT NULL, type TEXT NOT NULL,
                    settings TEXT NOT NULL, secret BYTEA)
                """,
                """
                CREATE TABLE mapping (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    schema_id BIGINT NOT NULL REFERENCES schema_category(id),
                    database_id BIGINT NOT NULL REFERENCES database(id), json TEXT NOT NULL)
                """,
                """
                CREATE TABLE job (
                    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,
                    mapping_id BIGINT NOT NULL REFERENCES mapping(id), status TEXT NOT NULL, queue_order BIGINT,
                    session TEXT, created_at DOUBLE PRECISION NOT NULL, started_at DOUBLE PRECISION,
                    ended_at DOUBLE PRECISION, records_read BIGINT, records_written BIGINT, records_rejected BIGINT,
                    outcome TEXT, reason TEXT, log TEXT NOT NULL DEFAULT '', server TEXT)
                """,
                """
                CREATE TABLE model (
                    job_id BIGINT PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE, target TEXT NOT NULL,
                    text BYTEA NOT NULL, created_at DOUBLE PRECISION NOT NULL)
                """,
                "CREATE TABLE token (hash TEXT PRIMARY KEY, created_at DOUBLE PRECISION NOT NULL)",
            ]
        ),
        (
            "v2: model digests",
            [
                "ALTER TABLE model ADD COLUMN sha256 TEXT NOT NULL DEFAULT ''",
                "UPDATE model SET sha256 = encode(sha256(text), 'hex')",
            ]
        ),
        (
            "v3: jobs over several mappings",
            [
                """
                CREATE TABLE job_mapping (
                    job_id BIGINT NOT NULL REFERENCES job(id) ON DELETE CASCADE, position INTEGER NOT NULL,
                    mapping_id BIGINT NOT NULL REFERENCES mapping(id), PRIMARY KEY (job_id, position))
                """,
                "INSERT INTO job_mapping (job_id, position, mapping_id) SELECT id, 0, mapping_id FROM job",
            ]
        ),
    ]
}

/// A counting semaphore for async callers: at most `count` holders, the others suspended in order.
actor TransactionSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        free = count
    }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
