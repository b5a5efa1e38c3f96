import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MMCat
import MMCatServer
import MMCatServerTestSupport
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// The job server against a real PostgreSQL: importing a table, and executing a model there.
@Suite(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
struct ServerPostgresTests {
    @Test func importsATableAndExecutesAModelInPostgreSQL() async throws {
        let scratch = try ScratchDatabase("mmcat_srv")
        defer { scratch.drop() }
        let (server, name, database) = (scratch.server, scratch.name, scratch.url)
        try Services.run(
            "psql",
            [
                database, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                "CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT, price NUMERIC); INSERT INTO product VALUES (1, 'Lamp', 12.5), (2, 'Desk', NULL);",
            ])
        let url = URLComponents(string: server)!
        var configuration = ServerConfiguration.standard
        configuration.demo = true
        configuration.dataDirectory = try TestSupport.temporaryDirectory().path
        let context = try await ServerContext.open(configuration)
        try await context.application().test(.router) { client in
            let api = APIClient(client: client, session: "pg")
            func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> JSONValue {
                try await api.call(method, path, body).json
            }
            func wait(_ id: String) async throws -> JSONValue {
                try await api.wait(Int64(id) ?? 0, for: ["Finished", "Canceled"])
            }
            let pg = try await call(
                .post, "/databases",
                #"{"label": "pg", "type": "postgresql", "settings": {"host": "\#(url.host!)", "port": "\#(url.port!)", "user": "\#(url.user!)", "database": "\#(name)", "password": "unused-with-trust"}}"#
            )
            let pgId = pg["id"]?.scalarText ?? ""
            #expect(!pgId.isEmpty, "\(pg)")
            #expect(try await call(.post, "/databases/\(pgId)/test")["ok"] == .bool(true))
            let products = try await call(
                .post, "/mappings",
                #"{"schema": 1, "database": \#(pgId), "text": "product @116 { id: 10, name: 12, price: 11 }"}"#)
            let items = try await call(
                .post, "/mappings",
                #"{"schema": 1, "database": \#(pgId), "text": "order_item @114 { number: 19.-8, productId: 10.9, quantity: 13 }"}"#
            )
            let importJob = try await call(
                .post, "/jobs",
                #"{"name": "pg import", "type": "ModelToCategory", "mapping": \#(products["id"]!.scalarText!)}"#)
            _ = try await call(.post, "/jobs/\(importJob["id"]!.scalarText!)/start")
            let imported = try await wait(importJob["id"]!.scalarText!)
            #expect(imported["status"] == .string("Finished"), "\(imported)")
            #expect(imported["records"]?["read"]?.scalarText == "2")
            let rows = try await call(.get, "/schemas/1/instance/objects/116/rows")
            #expect(rows["total"]?.scalarText == "2")
            // The ids as PostgreSQL writes them (the driver's binary integers once came through as garbage).
            #expect(Set(rows["rows"]?.arrayItems.compactMap { $0["10"]?.scalarText } ?? []) == ["1", "2"])
            // Documents from the demo folder, then their items exported and executed in PostgreSQL.
            _ = try await call(.post, "/jobs/1/start")
            _ = try await wait("1")
            let exportJob = try await call(
                .post, "/jobs",
                #"{"name": "pg export", "type": "CategoryToModel", "mapping": \#(items["id"]!.scalarText!)}"#)
            _ = try await call(.post, "/jobs/\(exportJob["id"]!.scalarText!)/start")
            #expect(try await wait(exportJob["id"]!.scalarText!)["status"] == .string("Finished"))
            let executed = try await call(.post, "/jobs/\(exportJob["id"]!.scalarText!)/model/execute")
            #expect(executed["written"]?.scalarText == "4", "\(executed)")
            let count = try Services.run("psql", [database, "-X", "-A", "-t", "-c", "SELECT count(*) FROM order_item"])
            #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
            // Executing again fails on CREATE TABLE and leaves the table as it was.
            let again = try await call(.post, "/jobs/\(exportJob["id"]!.scalarText!)/model/execute")
            #expect(again["error"]?["code"] == .string("execution_failed"))
            let after = try Services.run("psql", [database, "-X", "-A", "-t", "-c", "SELECT count(*) FROM order_item"])
            #expect(after.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
        }
    }
}
