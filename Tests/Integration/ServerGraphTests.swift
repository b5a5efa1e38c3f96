import Foundation
import HTTPTypes
import MMCat
import MMCatServerTestSupport
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// The job server with a real FalkorDB database: settings and the connection test, a model of
/// nodes and relationships executed there, and the graph read back into another session.
@Suite(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
struct ServerGraphTests {
    /// Rows of a read-only Cypher query, read by redis-py (not by mmcat's own client).
    static func cypher(_ port: String, _ graph: String, _ query: String) throws -> [[JSONValue]] {
        let script = Services.scripts.appendingPathComponent("cypher_run.py").path
        let output = try Services.run(
            try Services.require(Services.python, "MMCAT_PYTHON"), [script, port, graph, "query", query])
        return try JSONParser.parse(output).arrayItems.map(\.arrayItems)
    }

    @Test func executesNodesAndRelationshipsInFalkorDBAndReadsThemBack() async throws {
        let port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        let graph = Services.uniqueName("server")
        try await withServer { api in
            func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> JSONValue {
                try await api.call(method, path, body).json
            }
            let database = try await call(
                .post, "/databases",
                #"{"label": "graph", "type": "falkordb", "settings": {"host": "127.0.0.1", "port": "\#(port)", "graph": "\#(graph)"}}"#
            )
            let id = try #require(database["id"]?.scalarText, "\(database)")
            #expect(try await call(.post, "/databases/\(id)/test")["ok"] == .bool(true))
            let unreachable = try await call(
                .post, "/databases",
                #"{"label": "nowhere", "type": "falkordb", "settings": {"host": "127.0.0.1", "port": "1", "graph": "g"}}"#
            )
            let failed = try await call(.post, "/databases/\(unreachable["id"]!.scalarText!)/test")
            #expect(failed["error"]?["field"] == .string("settings.host"), "\(failed)")
            #expect(failed["error"]?["message"]?.scalarText?.contains("127.0.0.1:1") == true)

            var mappings: [String] = []
            for text in [
                "order @103 { number: 19 }", "product @116 { id: 10, name: 12, price: 11 }",
                #"CONTAINS @114 { \"_from.order\": -8 { number: 19 }, \"_to.product\": 9 { id: 10 }, quantity: 13 }"#,
            ] {
                let created = try await call(
                    .post, "/mappings", #"{"schema": 1, "database": \#(id), "text": "\#(text)"}"#)
                mappings.append(try #require(created["id"]?.scalarText, "\(created)"))
            }
            // An end that does not identify its node is refused when the mapping is saved.
            let refused = try await api.call(
                .post, "/mappings",
                #"{"schema": 1, "database": \#(id), "text": "BAD @114 { \"_from.order\": -8 { number: 19 }, \"_to.product\": 9 { name: 12 } }"}"#
            )
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("do not identify"), "\(refused.text)")

            // The demo's documents into the instance, then one model of the three kinds.
            _ = try await call(.post, "/jobs/1/start")
            #expect(try await api.wait(1, for: ["Finished", "Canceled"])["status"] == .string("Finished"))
            let export = try await call(
                .post, "/jobs",
                #"{"name": "graph", "type": "CategoryToModel", "mappings": [\#(mappings.joined(separator: ", "))]}"#)
            let exportId = try #require(export["id"]?.scalarText.flatMap { Int64($0) }, "\(export)")
            _ = try await call(.post, "/jobs/\(exportId)/start")
            #expect(try await api.wait(exportId, for: ["Finished", "Canceled"])["status"] == .string("Finished"))
            let executed = try await call(.post, "/jobs/\(exportId)/model/execute")
            let orders = try Self.cypher(port, graph, "MATCH (n:order) RETURN count(n)")
            let products = try Self.cypher(port, graph, "MATCH (n:product) RETURN count(n)")
            let contains = try Self.cypher(
                port, graph, "MATCH (o:order)-[r:CONTAINS]->(p:product) RETURN o.number, p.id, r.quantity")
            let rows = try await call(.get, "/schemas/1/instance/objects/114/rows")
            #expect(contains.count == Int(rows["total"]?.scalarText ?? ""), "one relationship per item")
            let written =
                (orders.first?.first?.scalarText).flatMap { Int($0) }! + products.first!.first!.scalarText
                .flatMap { Int($0) }! + contains.count
            #expect(executed["written"]?.scalarText == String(written), "\(executed)")
            #expect(executed["parts"]?["relationships"]?.scalarText == String(contains.count), "\(executed)")

            // Another session reads the graph back: the same items, by the same ends.
            let other = APIClient(client: api.client, session: "reader")
            let reread = try await other.call(
                .post, "/jobs",
                #"{"name": "read", "type": "ModelToCategory", "mappings": [\#(mappings.joined(separator: ", "))]}"#
            ).json
            let rereadId = try #require(reread["id"]?.scalarText.flatMap { Int64($0) }, "\(reread)")
            try await other.call(.post, "/jobs/\(rereadId)/start")
            let read = try await other.wait(rereadId, for: ["Finished", "Canceled"])
            #expect(read["status"] == .string("Finished"), "\(read)")
            #expect(read["records"]?["rejected"]?.scalarText == "0", "\(read)")
            let items = try await other.call(.get, "/schemas/1/instance/objects/114/rows").json
            #expect(items["total"] == rows["total"])
        }
    }
}
