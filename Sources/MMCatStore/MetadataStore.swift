import Foundation
import MMCat

/// Where the server keeps schema categories, databases, mappings, jobs and models: an embedded
/// SQLite file (`metadata.sqlite` in the data folder), a PostgreSQL database shared by several
/// servers, or memory for tests. Every method is one transaction, run off the caller's thread.
///
/// ```swift
/// // given: schemaJSON: JSONValue
/// let store = try await MetadataStore.open(location: "data/metadata.sqlite")
/// let id = try await store.createSchema(name: "orders", json: schemaJSON)
/// ```
public final class MetadataStore: Sendable {
    let backend: any StoreBackend
    /// Where the store is, for messages (a file path, or a PostgreSQL URL without its password).
    public let location: String

    init(backend: any StoreBackend, location: String) {
        self.backend = backend
        self.location = location
    }

    /// Opens (and creates or migrates) the store at `location`: a `postgres://` URL, a file path,
    /// or nil for a store in memory.
    package static func open(location: String?) async throws -> MetadataStore {
        guard let location else { return MetadataStore(backend: try SQLiteStoreBackend(path: nil), location: "memory") }
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            let backend = try await PostgresStoreBackend(url: location)
            return MetadataStore(backend: backend, location: backend.location)
        }
        return MetadataStore(backend: try SQLiteStoreBackend(path: location), location: location)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await backend.read(body)
    }

    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> T) async throws -> T {
        try await backend.write(body)
    }
}
