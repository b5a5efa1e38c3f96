import Foundation
import GRDB
import Testing

@testable import MMCatStore

/// A stored value this server cannot read (written by another version, or edited by hand) is an
/// error that names the column and the value, never a silent default or a crash.
struct CorruptStoreTests {
    @Test func unknownWordsAndWrongTypesAreRefusedByName() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-corrupt-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("metadata.sqlite").path
        let store = try await MetadataStore.open(location: path)
        let schema = try await store.createSchema(name: "s", json: .object([]))
        let database = try await store.createDatabase(label: "d", type: "duckdb", settings: ["path": "x"])
        _ = schema
        try await DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    INSERT INTO mapping (id, schema_id, database_id, json) VALUES (1, 1, 1, '{}');
                    INSERT INTO job (id, name, type, mapping_id, status, created_at)
                        VALUES (7, 'j', 'CategoryToModel', 1, 'Paused', 0);
                    INSERT INTO job (id, name, type, mapping_id, status, created_at)
                        VALUES (8, 'j', 'Teleport', 1, 'Ready', 0);
                    INSERT INTO job (id, name, type, mapping_id, status, created_at)
                        VALUES (9, 'j', 'CategoryToModel', 1, 'Ready', 'yesterday');
                    INSERT INTO database (id, label, type, settings) VALUES (2, 'e', 'sqlite', '{"path": ["a"]}');
                    """)
        }
        // A family this server lacks is kept as it was written: the jobs layer refuses it by name.
        #expect(try await store.database(database).type == "duckdb")
        for (job, words) in [(7, ["status", "Paused"]), (8, ["type", "Teleport"]), (9, ["created_at", "yesterday"])] {
            let error = await #expect(throws: StoreError.self) { try await store.job(Int64(job)) }
            guard case .corrupt(let message)? = error else {
                Issue.record("job \(job): \(String(describing: error)) is not a corrupt-store error")
                continue
            }
            #expect(words.allSatisfy { message.contains($0) }, "\(message)")
        }
        let settings = await #expect(throws: StoreError.self) { try await store.database(2) }
        #expect(settings?.description.contains("path") == true, "\(String(describing: settings))")
    }
}
