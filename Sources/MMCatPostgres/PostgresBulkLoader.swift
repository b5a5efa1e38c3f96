import Logging
import MMCat
import NIOCore
import PostgresNIO

/// Loads a flat kind into PostgreSQL the fast way: `CREATE TABLE`, then the rows streamed with
/// `COPY ... FROM STDIN` in text format (``CopyTextWriter``, made and sent 1 MB at a time), then
/// the primary key and unique constraints (one index build each), in one transaction
/// that is rolled back on any failure. A kind with array columns has no COPY form here: nil, and
/// the caller runs its model instead.
///
/// ```swift
/// // given: settings: PostgresSettings, model: CategoryToModel
/// let written = try await PostgresBulkLoader(settings: settings).load(model)
/// ```
public struct PostgresBulkLoader: Sendable {
    public let settings: PostgresSettings

    public init(settings: PostgresSettings) {
        self.settings = settings
    }

    public func load(_ model: CategoryToModel) async throws(InputError) -> Int? {
        let (statements, keys, layout) = try SQLScriptPrinter(dialect: PostgreSQLDialect(), targetName: "PostgreSQL")
            .definition(model)
        let writer = CopyTextWriter(layout: layout)
        guard writer.isSupported else { return nil }
        // PostgresNIO puts the names between double quotes as given: doubling the quotes inside
        // (on scalars) makes each a correctly quoted identifier.
        let table = model.mapping.kindName.doubling("\"")
        let columns = layout.columns.map { $0.name.doubling("\"") }
        let logger = Logger(label: "mmcat.postgres")
        let location = settings.location
        return try await settings.withConnection { connection in
            do {
                try await connection.query("BEGIN", logger: logger)
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { copy in
                    // About 1 MB at a time: PostgreSQL parses one chunk while the next is written.
                    var next = 0
                    while next < layout.rows.count {
                        var chunk = TextOutput()
                        next = try writer.writeRows(from: next, atLeast: 1 << 20, to: &chunk)
                        try await copy.write(ByteBuffer(bytes: chunk.bytes))
                    }
                }
                for statement in keys {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                if let error = error as? InputError { throw error }
                throw InputError(file: location, location: "", message: PostgresSettings.message(for: error))
            }
            return layout.rows.count
        }
    }
}
