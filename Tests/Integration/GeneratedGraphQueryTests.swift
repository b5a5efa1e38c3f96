import Foundation
import MMCat
import MMCatFalkor
import MMCatJobs
import MMCatServiceTestSupport
import MMCatTestSupport
import PropertyBased
import Testing

/// Pushdowns into a graph never change an answer: generated shops (customers with and without a
/// city, orders, products, items with a quantity) moved into a real FalkorDB graph by `mmcat
/// migrate` (nodes, and relationships for the references and the junction), its mappings
/// inferred back (`infer --graph`), and generated queries that read relationships by their own
/// properties, by their ends' keys and by their ends' nodes (`MATCH` paths), answered with every
/// pushdown and with none: the same.
@Suite(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
struct GeneratedGraphQueryTests {
    static let cities = ["Praha", "Brno"]
    static let names = ["Anna", "O'Brien", "Zoë"]

    typealias Case = GeneratedQueryTests.Case

    static let tables = [
        "CREATE TABLE customer (c_id INTEGER PRIMARY KEY, c_name TEXT NOT NULL, c_city TEXT);",
        "CREATE TABLE orders (o_id INTEGER PRIMARY KEY, o_customer INTEGER REFERENCES customer (c_id), o_date TEXT NOT NULL);",
        "CREATE TABLE product (p_id INTEGER PRIMARY KEY, p_name TEXT NOT NULL);",
        "CREATE TABLE item (i_order INTEGER NOT NULL REFERENCES orders (o_id), i_product INTEGER NOT NULL REFERENCES product (p_id), i_quantity INTEGER NOT NULL, PRIMARY KEY (i_order, i_product));",
    ]

    @Sendable static func makeCase(_ codes: inout GeneratedQueryTests.Codes) -> Case {
        func next(_ bound: Int) -> Int { codes.next(bound) }
        var statements = tables
        let customers = 1 + next(5)
        statements += GeneratedQueryTests.customers(customers, names: names, cities: cities, &codes)
        // A graph keeps no property that no node has: when every customer came without a city,
        // the first gets one, so that the inferred graph knows the property the queries name.
        statements.append(
            "UPDATE customer SET c_city = '\(cities[0])' WHERE c_id = 1 AND NOT EXISTS (SELECT 1 FROM customer WHERE c_city IS NOT NULL);"
        )
        for id in 1...3 {
            statements.append("INSERT INTO product VALUES (\(id), '\(["Toy", "Book", "Doll"][id - 1])');")
        }
        let orders = 1 + next(7)
        for id in 1...orders {
            // Some orders have no customer, some no items; the first has both, so that the graph
            // has each relationship type the queries name.
            let customer = id > 1 && next(4) == 0 ? "NULL" : String(1 + next(customers))
            statements.append("INSERT INTO orders VALUES (\(id), \(customer), '2024-0\(1 + next(2))');")
            for product in 1...3 where next(2) == 0 || (id == 1 && product == 1) {
                statements.append("INSERT INTO item VALUES (\(id), \(product), \(1 + next(3)));")
            }
        }
        let date = "\"2024-0\(1 + next(2))\""
        let quantity = 1 + next(3)
        let product = "\"\(["Toy", "Book", "Doll"][next(3)])\""
        let city = "\"\(cities[next(2)])\""
        let templates = [
            "SELECT { ?o id ?id ; items ?i . ?i q ?q } WHERE { ?o o_id ?id ; o_date \(date) . ?i i_quantity ?q ; orders_o_id ?o }",
            "SELECT { ?o id ?id } WHERE { ?o o_id ?id . ?i i_quantity \(quantity) ; orders_o_id ?o }",
            "SELECT { ?o id ?id ; products ?n } WHERE { ?o o_id ?id . ?i i_quantity ?q ; orders_o_id ?o ; product_p_id ?p . ?p p_name \(product) ; p_name ?n }",
            "SELECT { ?c name ?n ; orders ?id } WHERE { ?c c_name ?n ; c_city \(city) . ?r customer_c_id ?c ; orders_o_id ?o . ?o o_id ?id }",
            "SELECT { ?o id ?id } WHERE { ?o o_id ?id . MINUS { ?i i_quantity \(quantity) ; orders_o_id ?o } }",
            "SELECT { ?o id ?id ; q ?q } WHERE { ?o o_id ?id ; o_date \(date) . OPTIONAL { ?i orders_o_id ?o ; i_quantity ?q } }",
            "SELECT { ?p name ?n ; pieces SUM(?q) } WHERE { ?p p_name ?n . ?i product_p_id ?p ; i_quantity ?q ; orders_o_id/o_date \(date) }",
        ]
        return Case(sql: statements.joined(separator: "\n"), query: templates[next(templates.count)])
    }

    static var cases: Generator<Case, Shrink.None<[UInt32]>> { GeneratedQueryTests.generator(makeCase) }

    /// The shop of `sql` moved into a new graph, and the kinds of its inferred graph mappings.
    static func graph(_ sql: String, port: String) throws -> (SchemaCategory, [QueryRunner.Kind], DatabaseAccess) {
        let graph = Services.uniqueName("gq")
        let access = DatabaseAccess(label: "g", settings: ["host": "127.0.0.1", "port": port, "graph": graph])
        let folder = try TestSupport.temporaryDirectory()
        let file = folder.appendingPathComponent("shop.sqlite").path
        try Services.run("sqlite3", ["-bail", file, sql])
        let url = "falkordb://127.0.0.1:\(port)/\(graph)"
        let inferred = folder.appendingPathComponent("inferred")
        for arguments in [
            ["migrate", "--from", file, "--to", url], ["infer", "--from", url, "--graph", "--out", inferred.path],
        ] {
            let result = try TestSupport.mmcat(arguments)
            guard result.status == 0 else { throw ServiceError(message: result.stderr) }
        }
        let schemaFile = inferred.appendingPathComponent("schema.json").path
        let schema = try SchemaCategory.decode(
            try JSONParser.parse(try String(contentsOfFile: schemaFile, encoding: .utf8)), file: schemaFile)
        let kinds = try FileManager.default.contentsOfDirectory(atPath: inferred.path)
            .filter { $0.hasSuffix(".graph.path") }.sorted().map { name in
                let text = try String(contentsOf: inferred.appendingPathComponent(name), encoding: .utf8)
                return QueryRunner.Kind(
                    mapping: try AccessPathText.parseMapping(text, schema: schema), database: "g",
                    family: FalkorFamily(), access: access)
            }
        return (schema, kinds, access)
    }

    static func clear(_ access: DatabaseAccess) {
        _ = try? FalkorFamily().session(access).query("MATCH (n) DELETE n", readOnly: false)
    }

    @Test func everyPushdownIntoTheGraphGivesTheAnswerOfNone() async throws {
        let port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        await propertyCheck(count: 15, input: Self.cases) { generated in
            do {
                let (schema, kinds, access) = try Self.graph(generated.sql, port: port)
                defer { Self.clear(access) }
                func answer(_ options: QueryPushdown.Options) throws -> [String] {
                    try QueryRunner.answer(generated.query, schema: schema, kinds: kinds, pushdown: options).answer
                        .documents.map { DocumentComparison.canonical($0) ?? "{}" }.sorted()
                }
                #expect(try answer(QueryPushdown.Options()) == answer(.none), "\(generated)")
            } catch {
                Issue.record("\(generated): \(error)")
            }
        }
    }

    /// The orders with a toy: the toy is found by its name, the items by a path to it, the
    /// orders by a path of two hops, each in the graph.
    @Test func joinsBecomeMatchPaths() throws {
        let port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        let shop =
            Self.tables.joined(separator: "\n") + """

                INSERT INTO product VALUES (1, 'Toy'), (2, 'Book');
                INSERT INTO orders VALUES (10, NULL, '2024-01'), (11, NULL, '2024-01'), (12, NULL, '2024-02');
                INSERT INTO item VALUES (10, 1, 3), (11, 2, 1), (12, 1, 2), (12, 2, 2);
                """
        let (schema, kinds, access) = try Self.graph(shop, port: port)
        defer { Self.clear(access) }
        let result = try QueryRunner.answer(
            #"SELECT { ?o id ?id } WHERE { ?o o_id ?id . ?i orders_o_id ?o ; product_p_id ?p . ?p p_name "Toy" }"#,
            schema: schema, kinds: kinds)
        #expect(result.answer.documents.map { $0["id"]?.scalarText } == ["10", "12"])
        let natives = result.answer.plan.text
        #expect(natives.contains("MATCH (n:`product`) WHERE (n.`p_name` IN ['Toy'])"), "\(natives)")
        #expect(natives.contains("WHERE b:`product` AND (b.`p_name` IN ['Toy'])"), "\(natives)")
        #expect(
            natives.contains(
                "MATCH (n:`orders`), (n)-[r1:`item`]->(m2) WHERE m2:`product` AND (m2.`p_name` IN ['Toy']) WITH DISTINCT n"
            ),
            "\(natives)")
    }
}
