import Foundation
import GRDB
import Testing

@testable import MMCatStore

/// A store written by an older server is brought up to date when a newer one opens it.
struct StoreMigrationTests {
    @Test func anOldStoreGetsDigestsAndJobMappings() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-migration-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("metadata.sqlite").path
        let text = Array("CREATE TABLE \"order_item\" (\"number\" TEXT);\n".utf8)
        do {
            let old = try DatabaseQueue(path: path)
            try SQLiteStoreBackend.migrator.migrate(old, upTo: "v3: the server that runs a queued job")
            try await old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO schema_category (id, name, json) VALUES (1, 'shop', '{}');
                        INSERT INTO database (id, label, type, settings) VALUES (1, 'db', 'sqlite', '{}');
                        INSERT INTO mapping (id, schema_id, database_id, json) VALUES (1, 1, 1, '{}');
                        INSERT INTO job (id, name, type, mapping_id, status, created_at)
                            VALUES (7, 'export', 'CategoryToModel', 1, 'Finished', 0);
                        """)
                try db.execute(
                    sql: "INSERT INTO model (job_id, target, text, created_at) VALUES (7, 'sqlite', ?, 0)",
                    arguments: [Data(text)])
            }
        }
        let store = try await MetadataStore.open(location: path)
        let expected = SHA256.hex(text)
        #expect(expected.count == 64)
        #expect(try await store.models().map(\.sha256) == [expected])
        #expect(try await store.model(job: 7).sha256 == expected)
        // A job from before jobs had several mappings keeps its one, now in job_mapping too.
        #expect(try await store.job(7).mappingIds == [1])
        await #expect(throws: StoreError.self) { try await store.deleteMapping(1) }
    }
}
