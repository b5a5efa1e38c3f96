import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// A relational database with a one-to-many reference and a many-to-many junction (with a column
/// of its own) migrated into a real FalkorDB graph by `mmcat migrate`, checked with Cypher through
/// an independent client (redis-py), then migrated back into tables.
@Suite(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
struct GraphMigrationTests {
    /// Names and values that break naive quoting: quotes, backslashes, line breaks, combining marks
    /// and astral characters (a backtick only in values: Cypher databases disagree on it in names).
    static let source = #"""
        CREATE TABLE "cust'omer" (id INTEGER PRIMARY KEY, "na\me" TEXT NOT NULL);
        CREATE TABLE product (code TEXT PRIMARY KEY, title TEXT);
        CREATE TABLE "orders ü" (number INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES "cust'omer"(id), placed TEXT);
        CREATE TABLE order_item (
            order_number INTEGER NOT NULL REFERENCES "orders ü"(number),
            product_code TEXT NOT NULL REFERENCES product(code),
            quantity INTEGER,
            PRIMARY KEY (order_number, product_code));
        INSERT INTO "cust'omer" VALUES (1, 'Ann ''the'' "Q" \ back'), (2, 'Bob' || char(10) || 'line'), (3, 'Zoë 🐴 e' || char(769));
        INSERT INTO product VALUES ('P`1', 'tick'), ('P2', NULL), ('P\3', 'it''s');
        INSERT INTO "orders ü" VALUES (10, 1, '2024'), (11, 1, NULL), (12, 2, 'x'), (13, NULL, 'no customer');
        INSERT INTO order_item VALUES (10, 'P2', 3), (11, 'P2', 1), (12, 'P2', NULL), (10, 'P`1', 5), (13, 'P\3', 7);
        """#

    let port: String
    let folder: URL
    let sqlite: String

    init() throws {
        port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        folder = try TestSupport.temporaryDirectory()
        sqlite = folder.appendingPathComponent("source.sqlite").path
        try Services.run("sqlite3", ["-bail", sqlite, Self.source])
    }

    /// Rows of a read-only Cypher query, read by redis-py (not by mmcat's own client).
    func cypher(_ graph: String, _ query: String) throws -> [[JSONValue]] {
        let script = Services.scripts.appendingPathComponent("cypher_run.py").path
        let output = try Services.run(
            try Services.require(Services.python, "MMCAT_PYTHON"), [script, port, graph, "query", query])
        return try JSONParser.parse(output).arrayItems.map(\.arrayItems)
    }

    func migrate(_ arguments: [String]) throws -> TestSupport.Result {
        try TestSupport.mmcat(["migrate"] + arguments)
    }

    @Test func tablesBecomeNodesAndRelationshipsThatJoinTheRightNodesAndComeBack() throws {
        let graph = Services.uniqueName("graph")
        let migrated = try migrate(["--from", sqlite, "--to", "falkordb://127.0.0.1:\(port)/\(graph)"])
        #expect(migrated.status == 0, "\(migrated.stderr)")

        // A node label per entity table, with as many nodes as rows; the junction is no label.
        for table in ["cust'omer", "product", "orders ü"] {
            let nodes = try cypher(graph, "MATCH (n:`\(table)`) RETURN count(n)")
            let rows = try Services.sqliteRows(
                sqlite, "SELECT count(*) FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\"")
            #expect(nodes == rows, "\(table)")
        }
        #expect(try cypher(graph, "MATCH (n:order_item) RETURN count(n)") == [[.number("0")]])

        // Each relationship joins the two nodes the source's join does, with its own property.
        let ordered = try cypher(
            graph, "MATCH (o:`orders ü`)-[r:order_item]->(p:product) RETURN o.number, p.code, r.quantity")
        let joined = try Services.sqliteRows(sqlite, "SELECT order_number, product_code, quantity FROM order_item")
        #expect(ordered.count == 5)
        #expect(Services.sortedRows(ordered) == Services.sortedRows(joined))
        let placedBy = try cypher(
            graph, "MATCH (o:`orders ü`)-[:`orders ü_cust'omer`]->(c:`cust'omer`) RETURN o.number, c.id, c.`na\\me`")
        let references = try Services.sqliteRows(
            sqlite,
            #"SELECT o.number, c.id, c."na\me" FROM "orders ü" o JOIN "cust'omer" c ON o.customer_id = c.id"#)
        #expect(placedBy.count == 3)
        #expect(Services.sortedRows(placedBy) == Services.sortedRows(references))
        // No foreign-key column stays on the nodes: the relationship says it.
        #expect(try cypher(graph, "MATCH (o:`orders ü`) WHERE o.customer_id IS NOT NULL RETURN o") == [])

        // Back into tables through the graph mappings `infer --graph` writes.
        let inferred = folder.appendingPathComponent("inferred")
        let infer = try TestSupport.mmcat(["infer", "--from", sqlite, "--out", inferred.path, "--graph"])
        #expect(infer.status == 0, "\(infer.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: inferred.path)
        let graphMappings = files.filter { $0.hasSuffix(".graph.path") }.sorted()
        #expect(graphMappings.count == 5)
        let tableMappings = files.filter { $0.hasSuffix(".path") && !$0.hasSuffix(".graph.path") }.sorted()
        let back = folder.appendingPathComponent("back.sqlite").path
        let returned = try migrate(
            [
                "--from", "falkordb://127.0.0.1:\(port)/\(graph)", "--schema",
                inferred.appendingPathComponent("schema.json").path,
            ]
                + graphMappings.flatMap { ["--mapping", inferred.appendingPathComponent($0).path] } + ["--to", back]
                + tableMappings.flatMap { ["--target-mapping", inferred.appendingPathComponent($0).path] })
        #expect(returned.status == 0, "\(returned.stderr)")
        for table in ["\"cust'omer\"", "product", "\"orders ü\"", "order_item"] {
            #expect(
                try Services.sqliteRows(back, "SELECT * FROM \(table) ORDER BY 1, 2")
                    == Services.sqliteRows(sqlite, "SELECT * FROM \(table) ORDER BY 1, 2"))
        }
        #expect(try Services.run("sqlite3", [back, "PRAGMA foreign_key_check"]).isEmpty)
    }

    @Test func aGraphInfersItsSchemaAndMigratesToTablesWithNoMappingsGiven() throws {
        let graph = Services.uniqueName("graph")
        let url = "falkordb://127.0.0.1:\(port)/\(graph)"
        #expect(try migrate(["--from", sqlite, "--to", url]).status == 0)
        let orders = try cypher(graph, "MATCH (n:`orders ü`) RETURN count(n)")
        #expect(orders == [[.number("4")]])
        let inferred = folder.appendingPathComponent("from-graph")
        let infer = try TestSupport.mmcat(["infer", "--from", url, "--out", inferred.path])
        #expect(infer.status == 0, "\(infer.stderr)")
        let junction = try String(contentsOf: inferred.appendingPathComponent("order_item.path"), encoding: .utf8)
        #expect(junction.contains(#""_from.orders ü": "orders ü_number" { number: number }"#), "\(junction)")
        #expect(junction.contains(#""_to.product": product_code { code: code }"#))
        #expect(junction.contains("quantity: quantity"))

        // Back to tables: a table per label, a junction per relationship type.
        let back = folder.appendingPathComponent("zero.sqlite").path
        let returned = try migrate(["--from", url, "--to", back])
        #expect(returned.status == 0, "\(returned.stderr)")
        for table in ["\"cust'omer\"", "product", "order_item"] {
            #expect(
                try Services.sqliteRows(back, "SELECT count(*) FROM \(table)")
                    == Services.sqliteRows(sqlite, "SELECT count(*) FROM \(table)"))
        }
        #expect(
            try Services.sortedRows(Services.sqliteRows(back, "SELECT * FROM order_item"))
                == Services.sortedRows(
                    Services.sqliteRows(sqlite, "SELECT order_number, product_code, quantity FROM order_item")))
        #expect(
            try Services.sortedRows(Services.sqliteRows(back, #"SELECT * FROM "orders ü_cust'omer""#))
                == Services.sortedRows(
                    Services.sqliteRows(
                        sqlite, #"SELECT number, customer_id FROM "orders ü" WHERE customer_id IS NOT NULL"#)))
        #expect(try Services.run("sqlite3", [back, "PRAGMA foreign_key_check"]).isEmpty)
    }

    @Test func oneExportOfNodesAndRelationshipsRunsInAnotherClient() throws {
        // The tables as JSON Lines, imported through their mappings into one instance snapshot.
        let inferred = folder.appendingPathComponent("inferred")
        #expect(try TestSupport.mmcat(["infer", "--from", sqlite, "--out", inferred.path, "--graph"]).status == 0)
        let lines = folder.appendingPathComponent("lines").path + "/"
        #expect(try migrate(["--from", sqlite, "--to", lines]).status == 0)
        let schema = inferred.appendingPathComponent("schema.json").path
        let instance = folder.appendingPathComponent("shop.snapshot").path
        for kind in ["cust'omer", "product", "orders ü", "order_item"] {
            let file = kind.replacingOccurrences(of: "'", with: "_").replacingOccurrences(of: " ", with: "_")
                .replacingOccurrences(of: "ü", with: "__")
            let arguments =
                ["import", "--schema", schema, "--mapping", inferred.appendingPathComponent("\(file).path").path]
                + ["--input", lines + kind + ".jsonl", "--out", instance]
                + (FileManager.default.fileExists(atPath: instance) ? ["--instance", instance] : [])
            let imported = try TestSupport.mmcat(arguments)
            #expect(imported.status == 0, "\(kind): \(imported.stderr)")
        }
        // Every graph mapping at once, relationships listed first: one script, nodes first.
        let graphMappings = try FileManager.default.contentsOfDirectory(atPath: inferred.path)
            .filter { $0.hasSuffix(".graph.path") }.sorted { $0.hasPrefix("order") && !$1.hasPrefix("order") }
        let script = folder.appendingPathComponent("graph.cypher").path
        let exported = try TestSupport.mmcat(
            ["export", "--schema", schema, "--instance", instance, "--target", "neo4j", "--out", script]
                + graphMappings.flatMap { ["--mapping", inferred.appendingPathComponent($0).path] })
        #expect(exported.status == 0, "\(exported.stderr)")
        let text = try String(contentsOfFile: script, encoding: .utf8)
        let lastNode = try #require(text.range(of: "CREATE (n:", options: .backwards)).lowerBound
        let firstRelationship = try #require(text.range(of: "CREATE (a)-[")).lowerBound
        #expect(lastNode < firstRelationship)
        // Run by redis-py, statement by statement, as cypher-shell would.
        let graph = Services.uniqueName("graph")
        try Services.run(
            try Services.require(Services.python, "MMCAT_PYTHON"),
            [Services.scripts.appendingPathComponent("cypher_run.py").path, port, graph, "run", script])
        let ordered = try cypher(
            graph, "MATCH (o:`orders ü`)-[r:order_item]->(p:product) RETURN o.number, p.code, r.quantity")
        #expect(
            Services.sortedRows(ordered)
                == Services.sortedRows(
                    try Services.sqliteRows(sqlite, "SELECT order_number, product_code, quantity FROM order_item")))
        #expect(try cypher(graph, "MATCH ()-[r:`orders ü_cust'omer`]->() RETURN count(r)") == [[.number("3")]])
    }

    @Test func aRelationshipWhoseEndNodeIsNotInTheGraphIsReportedNotDropped() throws {
        let inferred = folder.appendingPathComponent("inferred")
        #expect(try TestSupport.mmcat(["infer", "--from", sqlite, "--out", inferred.path, "--graph"]).status == 0)
        // Only the relationships, into an empty graph: no node is there to join.
        let graph = Services.uniqueName("graph")
        let result = try migrate([
            "--from", sqlite, "--to", "falkordb://127.0.0.1:\(port)/\(graph)", "--target-mapping",
            inferred.appendingPathComponent("order_item.graph.path").path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("5 relationships were not written because a node at an end is not in the graph"))
        #expect(result.stderr.contains(#"("10") -> ("P2")"#), "\(result.stderr)")
    }

    @Test func aRelationshipMappingWithAnUnidentifiedEndIsRefusedBeforeAnythingIsWritten() throws {
        let inferred = folder.appendingPathComponent("inferred")
        #expect(try TestSupport.mmcat(["infer", "--from", sqlite, "--out", inferred.path, "--graph"]).status == 0)
        let mapping = try Services.file(
            "bad.path",
            #"""
            order_item @order_item {
              "_from.orders ü": order_number { placed: placed },
              "_to.product": product_code { code: code }
            }
            """#)
        let graph = Services.uniqueName("graph")
        let result = try migrate([
            "--from", sqlite, "--to", "falkordb://127.0.0.1:\(port)/\(graph)", "--target-mapping", mapping.path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("$.accessPath.subpaths[0]"), "\(result.stderr)")
        #expect(result.stderr.contains("do not identify"))
        // Nothing was written: the graph was not even made (a read of a missing graph fails).
        #expect(throws: (any Error).self) { try cypher(graph, "MATCH (n) RETURN count(n)") }
    }

    @Test func anUnreachableServerIsNamed() throws {
        let result = try migrate(["--from", sqlite, "--to", "falkordb://127.0.0.1:1/g"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("127.0.0.1:1"), "\(result.stderr)")
        #expect(result.stderr.contains("refused"))
    }
}
