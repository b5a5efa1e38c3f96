import MMCat

/// A PostgreSQL database: each table a flat kind, read in batches; models are SQL scripts for
/// `psql`, run in one transaction when executed.
public struct PostgresFamily: DatabaseFamily {
    public let name = "postgresql"
    public let title = "PostgreSQL"
    public let settings = [
        DatabaseSetting(name: "host", label: "Host", example: "127.0.0.1"),
        DatabaseSetting(name: "port", label: "Port", kind: .port, required: false, example: "5432"),
        DatabaseSetting(name: "user", label: "User", example: "postgres"),
        DatabaseSetting(name: "database", label: "Database", example: "shop"),
        DatabaseSetting(name: "password", label: "Password", kind: .secret, required: false),
        DatabaseSetting(
            name: "sslmode", label: "TLS (sslmode)", kind: .choice(["disable", "require", "verify-full"]),
            required: false, example: "disable"),
        DatabaseSetting(
            name: "sslrootcert", label: "CA certificate file", required: false, example: "/etc/ssl/certs/db-ca.crt"),
    ]
    public let kindsAreFlat = true
    public let printer: any ModelPrinter = PostgreSQLPrinter()

    public init() {}

    public var readsKinds: Bool { true }

    /// Joins of two tables run inside the database (`IN (SELECT …)`).
    public var joinsKinds: Bool { true }

    public func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
        try PostgresTableSource(settings: try connection(database), table: kind)
    }

    public func openKind(_ kind: String, in database: DatabaseAccess, reading read: KindRead) throws(InputError)
        -> any RecordSource
    {
        try PostgresTableSource(settings: try connection(database), table: kind, read: read)
    }

    /// `CREATE TABLE`, then the rows with `COPY ... FROM STDIN`, in one transaction.
    public func bulkLoad(_ model: CategoryToModel, in database: DatabaseAccess) async throws(InputError) -> Int? {
        try await PostgresBulkLoader(settings: try connection(database)).load(model)
    }

    public var executesModels: Bool { true }

    public func executor(kind: String, in database: DatabaseAccess) throws(DatabaseError) -> any ModelExecutor {
        do {
            return PostgresModelExecutor(settings: try connection(database), table: kind)
        } catch {
            throw DatabaseError(error)
        }
    }

    public func testConnection(_ database: DatabaseAccess) async throws(DatabaseError) {
        do {
            try await connection(database).test()
        } catch {
            throw DatabaseError(error)
        }
    }

    public var readsCatalog: Bool { true }

    public func catalog(_ database: DatabaseAccess) throws(DatabaseError) -> RelationalCatalog {
        do {
            return try PostgresCatalog.read(settings: try connection(database))
        } catch {
            throw DatabaseError(error)
        }
    }

    /// The connection settings, with the password.
    func connection(_ database: DatabaseAccess) throws(InputError) -> PostgresSettings {
        try PostgresSettings(settings: database.settings, password: database.password)
    }
}
