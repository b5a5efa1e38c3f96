import Foundation
import MMCat
import MMCatExamples
import MMCatJobs
import MMCatStore

/// The demo workspace of `mmcat serve --demo`: the MM-cat example schema (customers, orders,
/// items, products, contacts, addresses), a folder of order documents, an SQLite shop database,
/// two new SQLite files the exports write into, mappings for all of them, and ready jobs, so that
/// a newcomer can run an import and an export, and execute every export, at once.
/// Its files are the ones of `examples/` (``Examples``), so the demo and the README's tour agree.
enum DemoWorkspace {
    /// Where the demo's files live: `DATA/demo`, or a folder of its own in the temporary folder
    /// for a server without a data folder.
    static func folder(_ configuration: ServerConfiguration) -> String {
        configuration.dataDirectory.map { $0 + "/demo" }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-demo-\(getpid())").path
    }

    /// Writes the demo's files and adds its records; the SQLite shop is made by the SQLite
    /// family's own executor, so the demo needs the `files` and `sqlite` families.
    static func install(into store: MetadataStore, databases: DatabaseFamilies, folder: String) async throws {
        let base = URL(fileURLWithPath: folder)
        let documents = base.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        try Data(try Examples.bytes("orders.json")).write(to: documents.appendingPathComponent("order.json"))
        let shop = base.appendingPathComponent("shop.sqlite")
        try? FileManager.default.removeItem(at: shop)
        let shopDatabase = StoredDatabase(id: 0, label: "demo shop", type: "sqlite", settings: ["path": shop.path])
        let (sqliteFamily, access) = try databases.open(shopDatabase)
        _ = try await sqliteFamily.executor(kind: "product", in: access).execute(try Examples.bytes("shop.sql"))
        let schemaJSON = try JSONParser.parse(try Examples.text("orders.schema.json"), file: "orders.schema.json")
        let schemaId = try await store.createSchema(name: "Orders (MM-cat example)", json: schemaJSON)
        let files = try await store.createDatabase(
            label: "Order documents (JSON folder)", type: "files", settings: ["folder": documents.path])
        let sqlite = try await store.createDatabase(
            label: "Shop (SQLite)", type: "sqlite", settings: ["path": shop.path])
        // The exports write into SQLite files of their own, made when a model is first executed:
        // the shop's own tables exist already, and executing a model there could only fail.
        var targets: [Int64] = []
        for (label, file) in [
            ("Order items export (SQLite)", "items-export.sqlite"), ("Shop copy (SQLite)", "shop-copy.sqlite"),
        ] {
            let path = base.appendingPathComponent(file)
            try? FileManager.default.removeItem(at: path)
            targets.append(try await store.createDatabase(label: label, type: "sqlite", settings: ["path": path.path]))
        }
        let mappings: [(String, Int64, String)] = [
            ("Orders as documents", files, "order.path"),
            ("Order items table", sqlite, "order_item.path"),
            ("Products table", sqlite, "product.path"),
            ("Order items (export)", targets[0], "order_item.path"),
            ("Order items (copy)", targets[1], "order_item.path"),
            ("Products (copy)", targets[1], "product.path"),
        ]
        var ids: [Int64] = []
        for (name, database, file) in mappings {
            var mapping = try AccessPathText.parseMapping(try Examples.text(file), file: file)
            mapping.name = name
            ids.append(
                try await store.createMapping(schema: schemaId, database: database, mapping: mapping) { _ in })
        }
        _ = try await store.createJob(name: "Import order documents", type: .modelToCategory, mappings: [ids[0]])
        _ = try await store.createJob(name: "Import products from SQLite", type: .modelToCategory, mappings: [ids[2]])
        _ = try await store.createJob(name: "Export order items to SQLite", type: .categoryToModel, mappings: [ids[3]])
        _ = try await store.createJob(name: "Export orders as documents", type: .categoryToModel, mappings: [ids[0]])
        // A whole-database job: both tables in one model, with the foreign key between them.
        _ = try await store.createJob(
            name: "Copy the shop tables to SQLite", type: .categoryToModel, mappings: [ids[4], ids[5]])
    }
}
