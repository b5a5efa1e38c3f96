import Foundation

/// One open transaction on the metadata store. Statements are written once, with `?` placeholders,
/// in the SQL that SQLite and PostgreSQL share (`RETURNING`, `ON CONFLICT`); each backend binds
/// the arguments its own way.
protocol StoreConnection {
    /// Runs a query and returns every row.
    func fetchAll(_ sql: String, _ arguments: [any StoreArgument]) throws -> [StoreRow]
    /// Runs a statement and returns how many rows it changed.
    @discardableResult func execute(_ sql: String, _ arguments: [any StoreArgument]) throws -> Int
}

extension StoreConnection {
    func fetchAll(_ sql: String) throws -> [StoreRow] {
        try fetchAll(sql, [])
    }

    func fetchOne(_ sql: String, _ arguments: [any StoreArgument] = []) throws -> StoreRow? {
        try fetchAll(sql, arguments).first
    }

    /// The first column of the first row, or nil when there is no row or it is NULL.
    func value<T: StoreDecodable>(_ sql: String, _ arguments: [any StoreArgument] = []) throws -> T? {
        guard let row = try fetchOne(sql, arguments), let value = row.columns.values.first else { return nil }
        return T(storeValue: value)
    }

    /// Runs an `INSERT ... RETURNING id` and returns the new row's id.
    func insert(_ sql: String, _ arguments: [any StoreArgument]) throws -> Int64 {
        guard let id: Int64 = try value(sql + " RETURNING id", arguments) else {
            throw StoreError.failure("store", "the store did not return the id of a new row")
        }
        return id
    }
}

/// Where the metadata lives: an SQLite file (``SQLiteStoreBackend``) or a PostgreSQL database
/// (``PostgresStoreBackend``). Each call runs `body` in one transaction, off the caller's thread,
/// and commits it unless `body` throws.
protocol StoreBackend: Sendable {
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T
}
