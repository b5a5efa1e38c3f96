import Foundation
import GRDB
import MMCat
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// Jobs over several mappings, on the demo workspace (mapping 1: order documents; 2: the order
/// items table and 3: the products table, both in the shop's SQLite database; job 5 exports both
/// tables): one import of several kinds into one instance, and one model of a whole database.
@Suite struct WholeDatabaseJobTests {
    @Test func oneJobImportsEveryKindIntoOneInstanceWithCountsPerKind() async throws {
        try await withServer { api in
            let created = try await api.call(
                .post, "/jobs", #"{"name": "Import everything", "type": "ModelToCategory", "mappings": [1, 3]}"#)
            #expect(created.status == .created)
            #expect(created.json["mappings"] == .array([.number("1"), .number("3")]))
            #expect(created.json["mapping"] == .number("1"))
            let id = try #require(created.json["id"]?.scalarText.flatMap { Int64($0) })
            try await api.call(.post, "/jobs/\(id)/start")
            let job = try await api.wait(id, for: ["Finished"])
            // 4 order documents (one rejected) and 5 products.
            #expect(job["records"]?["read"] == .number("9"))
            #expect(job["records"]?["written"] == .number("8"))
            #expect(job["records"]?["rejected"] == .number("1"))
            let log = job["log"]?.scalarText ?? ""
            #expect(log.contains("order: imported 3 of 4 records (1 rejected)"), "\(log)")
            #expect(log.contains("product: imported 5 of 5 records (0 rejected)"), "\(log)")
            #expect(log.contains("order: rejected record 4"), "\(log)")
            // Both kinds are in the one instance category: the Product object holds every
            // product of the table, the Order object the orders of the documents (two of the
            // three identified documents are order 2043, one order).
            let instance = try await api.call(.get, "/schemas/1/instance").json
            let objects = instance["objects"]?.arrayElements ?? []
            let rows = { (label: String) in objects.first { $0["label"]?.scalarText == label }?["rows"] }
            #expect(rows("Product") == .number("5"), "\(instance)")
            #expect(rows("Order") == .number("2"), "\(instance)")
        }
    }

    /// One model for the shop database: both tables, then their rows, then the integrity
    /// constraints; run on an empty SQLite file, its foreign key holds.
    @Test func oneModelHoldsEveryTableThenEveryRowThenTheConstraints() async throws {
        try await withServer { api in
            for id in [1, 2] {
                try await api.call(.post, "/jobs/\(id)/start")
                try await api.wait(Int64(id), for: ["Finished"])
            }
            #expect(try await api.job(5)["mappings"] == .array([.number("5"), .number("6")]))
            try await api.call(.post, "/jobs/5/start")
            let job = try await api.wait(5, for: ["Finished"])
            let log = job["log"]?.scalarText ?? ""
            #expect(log.contains("order_item: 4 records") && log.contains("product: 5 records"), "\(log)")
            let model = try #require(try await api.call(.get, "/jobs/5/model").json["text"]?.scalarText)
            let positions = [#"CREATE TABLE "order_item""#, #"CREATE TABLE "product""#, "INSERT INTO", "COMMIT;"]
                .map { model.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "\(model)")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(model)")
            #expect(model.contains(#"FOREIGN KEY ("productId") REFERENCES "product" ("id")"#), "\(model)")
            let file = try TestSupport.temporaryDirectory().appendingPathComponent("shop.sqlite").path
            var configuration = Configuration()
            configuration.foreignKeysEnabled = false
            let database = try DatabaseQueue(path: file, configuration: configuration)
            try await database.writeWithoutTransaction { db in try db.execute(sql: model) }
            let (items, keys, broken) = try await database.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM order_item"),
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM pragma_foreign_key_list('order_item')"),
                    try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
                )
            }
            #expect(items == 4 && keys == 1 && broken == 0)
            // Executed by the server on the demo's own new file, as the README's tour does.
            let executed = try await api.call(.post, "/jobs/5/model/execute")
            #expect(executed.status == .ok, "\(executed.text)")
            #expect(executed.json["written"]?.scalarText == "9")
        }
    }

    @Test func theMappingsOfAJobAreChecked() async throws {
        try await withServer { api in
            let cases: [(String, String, String)] = [
                (#""mappings": [1, 2]"#, "CategoryToModel", "one schema category and one database"),
                (#""mappings": []"#, "ModelToCategory", "a non-empty list of mappings"),
                (#""mapping": 1, "mappings": [1]"#, "ModelToCategory", "not both"),
                (#""mappings": [2, 2]"#, "ModelToCategory", "named twice"),
                (#""mappings": "all""#, "ModelToCategory", "a list of mapping ids"),
            ]
            for (members, type, message) in cases {
                let reply = try await api.call(.post, "/jobs", #"{"name": "j", "type": "\#(type)", \#(members)}"#)
                #expect(reply.status == .badRequest, "\(members)")
                #expect(reply.json["error"]?["field"]?.scalarText == "mappings", "\(members)")
                #expect(reply.json["error"]?["message"]?.scalarText?.contains(message) == true, "\(reply.json)")
            }
            let missing = try await api.call(
                .post, "/jobs", #"{"name": "j", "type": "ModelToCategory", "mappings": [1, 99]}"#)
            #expect(missing.status == .notFound)
            #expect(missing.json["error"]?["message"]?.scalarText == "mapping 99 does not exist")
            // A mapping used by a whole-database job cannot be deleted from under it.
            let used = try await api.call(.delete, "/mappings/3")
            #expect(used.status == .conflict)
        }
    }
}
