import Foundation
import MMCat
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Queries over one schema whose kinds live in three databases: customers in SQLite, orders in
/// MongoDB, items and products in PostgreSQL. Each query's answer is compared with the same
/// question asked of PostgreSQL in SQL over all the data in one database (the oracle). The data
/// is generated from a fixed seed: names with quotes, backslashes and non-ASCII letters, missing
/// cities, customers without orders; prices are quarters, so sums are exact in both.
@Suite(
    Services.enabled(Services.postgresURL, "MMCAT_PG_URL"), Services.enabled(Services.mongoURI, "MMCAT_MONGO_URI"),
    .serialized)
final class QueryAcrossDatabasesTests {
    let folder: URL
    let sqlite: String
    let schema: String
    let oracle: ScratchDatabase
    let postgres: ScratchDatabase
    let mongoDatabase = Services.uniqueName("mmcat_query")
    let mongo: String

    static let tables = """
        CREATE TABLE customer (c_id INTEGER PRIMARY KEY, c_name TEXT NOT NULL, c_city TEXT);
        CREATE TABLE product (p_id INTEGER PRIMARY KEY, p_name TEXT NOT NULL, p_price NUMERIC(10,2) NOT NULL);
        CREATE TABLE orders (o_id INTEGER PRIMARY KEY, o_customer INTEGER NOT NULL REFERENCES customer (c_id),
            o_date TEXT NOT NULL);
        CREATE TABLE item (i_order INTEGER NOT NULL REFERENCES orders (o_id),
            i_product INTEGER NOT NULL REFERENCES product (p_id), i_quantity INTEGER NOT NULL,
            PRIMARY KEY (i_order, i_product));
        """

    /// INSERT statements for the generated shop (seeded: the same rows every run).
    static func rows() -> String {
        var random = SeededGenerator(seed: 20_261_202)
        let names = ["Anna", "Bob", "Číňan ✓", "O'Brien", "\"Quoted\"", "Zoë", "back\\slash", "Émile", "Zed"]
        let cities = ["Praha", "Brno", "Ostrava", "Plzeň"]
        func text(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }
        var statements: [String] = []
        for id in 1...120 {
            let name = names[Int(random.next() % UInt64(names.count))] + " \(id)"
            let city = random.next() % 4 == 0 ? "NULL" : text(cities[Int(random.next() % 4)])
            statements.append("INSERT INTO customer VALUES (\(id), \(text(name)), \(city));")
        }
        for id in 1...40 {
            let price = Double(1 + random.next() % 400) * 0.25
            statements.append("INSERT INTO product VALUES (\(id), \(text("Product \(id) ✓")), \(price));")
        }
        for id in 1...300 {
            // Customers 101…120 never order.
            let customer = 1 + random.next() % 100
            statements.append("INSERT INTO orders VALUES (\(id), \(customer), '2024-\(1 + id % 12)-\(1 + id % 28)');")
            var products = Set<UInt64>()
            for _ in 0..<(1 + random.next() % 4) { products.insert(1 + random.next() % 40) }
            for product in products.sorted() {
                statements.append("INSERT INTO item VALUES (\(id), \(product), \(1 + random.next() % 9));")
            }
        }
        return statements.joined(separator: "\n")
    }

    init() throws {
        folder = try TestSupport.temporaryDirectory()
        sqlite = folder.appendingPathComponent("shop.sqlite").path
        let data = Self.tables + "\n" + Self.rows()
        try Services.run("sqlite3", ["-bail", sqlite, data])
        let inferred = folder.appendingPathComponent("inferred")
        let infer = try TestSupport.mmcat(["infer", "--from", sqlite, "--out", inferred.path])
        guard infer.status == 0 else { throw ServiceError(message: infer.stderr) }
        schema = inferred.appendingPathComponent("schema.json").path
        oracle = try ScratchDatabase("mmcat_query_oracle")
        try Services.run("psql", [oracle.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", data])
        postgres = try ScratchDatabase("mmcat_query_parts")
        let base = try Services.require(Services.mongoURI, "MMCAT_MONGO_URI")
        mongo = "mongodb://" + base.dropFirst("mongodb://".count).prefix { $0 != "/" } + "/" + mongoDatabase
        // The kinds move out of SQLite through the inferred mappings, each to its database.
        for (kinds, target) in [(["orders"], mongo), (["product", "item"], postgres.url)] {
            let result = try TestSupport.mmcat(
                ["migrate", "--from", sqlite, "--schema", schema, "--to", target]
                    + kinds.flatMap { ["--mapping", mapping($0)] })
            guard result.status == 0 else { throw ServiceError(message: result.stderr) }
        }
    }

    deinit {
        oracle.drop()
        postgres.drop()
    }

    func mapping(_ kind: String) -> String {
        folder.appendingPathComponent("inferred/\(kind).path").path
    }

    /// The answer of `mmcat query` over the three databases, one document per line.
    func query(_ text: String, explain: Bool = false, pushdown: String? = nil) throws -> (
        documents: [JSONValue], output: String
    ) {
        let result = try TestSupport.mmcat(
            [
                "query", "--schema", schema, "--database", "lite=\(sqlite)", "--database", "mongo=\(mongo)",
                "--database", "pg=\(postgres.url)", "--mapping", "lite=\(mapping("customer"))",
                "--mapping", "mongo=\(mapping("orders"))", "--mapping", "pg=\(mapping("item"))",
                "--mapping", "pg=\(mapping("product"))", text,
            ] + (explain ? ["--explain"] : []) + (pushdown.map { ["--pushdown", $0] } ?? []))
        guard result.status == 0 else { throw ServiceError(message: result.stderr) }
        if explain { return ([], result.stdout) }
        return (
            try result.stdout.split(separator: "\n").map { line in try JSONParser.parse(String(line)) }, result.stdout
        )
    }

    /// PostgreSQL's answer: `select` must produce one JSON object per row in a column `d`.
    func expected(_ select: String) throws -> [JSONValue] {
        let json = try Services.run(
            "psql",
            [
                oracle.url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c",
                "SELECT coalesce(json_agg(q.d), '[]') FROM (\(select)) q",
            ])
        return try JSONParser.parse(json).arrayItems
    }

    /// The query's answer is the oracle's, and the same whether the databases are asked to leave
    /// out what it does not need or not (every pushdown is an optimization, never a change).
    func expectSame(_ mmql: String, _ sql: String, ordered: Bool = false) throws {
        let actual = try query(mmql).documents
        let unpushed = try query(mmql, pushdown: "none").documents
        #expect(unpushed.map { DocumentComparison.canonical($0) } == actual.map { DocumentComparison.canonical($0) })
        let oracle = try expected(sql)
        #expect(!oracle.isEmpty, "the oracle found nothing: the comparison would prove little")
        if ordered {
            #expect(actual.map { DocumentComparison.canonical($0) } == oracle.map { DocumentComparison.canonical($0) })
        } else {
            #expect(DocumentComparison.multiset(actual) == DocumentComparison.multiset(oracle))
        }
    }

    @Test func aJoinAcrossThreeDatabasesWithAFilter() throws {
        try expectSame(
            """
            SELECT { ?i order ?oid ; customer ?cname ; product ?pname ; quantity ?q . }
            WHERE { ?i i_quantity ?q ; i_order ?o ; i_product ?p . ?o o_id ?oid ; o_customer/c_name ?cname .
                    ?p p_name ?pname . FILTER(?q > 6) }
            """,
            """
            SELECT json_build_object('order', o.o_id, 'customer', c.c_name, 'product', p.p_name, 'quantity', i.i_quantity) d
            FROM item i JOIN orders o ON o.o_id = i.i_order JOIN customer c ON c.c_id = o.o_customer
            JOIN product p ON p.p_id = i.i_product WHERE i.i_quantity > 6
            """)
        let plan = try query(
            "SELECT { ?i product ?n } WHERE { ?i i_order/o_customer/c_name ?c ; i_product/p_name ?n }", explain: true
        ).output
        for kind in [
            "customer of lite (SQLite)", "orders of mongo (MongoDB)", "item of pg (PostgreSQL)",
            "product of pg (PostgreSQL)",
        ] {
            #expect(plan.contains("read kind \(kind)"), "\(plan)")
        }
    }

    /// Selections and semi-joins reach each database as its own query: a constant into SQLite,
    /// the customers found there into MongoDB as keys, the orders found there into PostgreSQL.
    @Test func eachDatabaseIsAskedOnlyForWhatTheQueryNeeds() throws {
        let text = #"""
            SELECT { ?c name ?n ; orders ?o . ?o id ?id ; pieces SUM(?q) . }
            WHERE { ?c c_name ?n ; c_city "Plzeň" ; orders ?o . ?o o_id ?id ; item ?i . ?i i_quantity ?q . FILTER(?q IN (1, 2, 3)) }
            """#
        let plan = try query(text, explain: true).output
        #expect(
            plan.contains(#"FROM "customer" WHERE (CAST("c_city" AS TEXT) IN (?)) -- arguments: "Plzeň""#), "\(plan)")
        #expect(
            plan.contains(#"db.getCollection("orders").find({"$or": [{"o_customer": {"$in": ["#), "\(plan)")
        #expect(plan.contains(#"FROM "item" WHERE ("i_quantity" IN (1, 2, 3))"#), "\(plan)")
        let customers = try expected("SELECT json_build_object('id', c_id) d FROM customer WHERE c_city = 'Plzeň'")
        #expect(
            plan.contains(
                "read kind customer of lite (SQLite), 3 properties, 1 conditions, for morphisms 2, 3: \(customers.count) rows"
            ), "\(plan)")
        try expectSame(
            text,
            """
            SELECT json_build_object('name', c.c_name, 'orders', (
                SELECT json_agg(json_build_object('id', o.o_id, 'pieces',
                    (SELECT sum(i_quantity) FROM item WHERE i_order = o.o_id AND i_quantity IN (1, 2, 3))))
                FROM orders o WHERE o.o_customer = c.c_id AND EXISTS (SELECT 1 FROM item WHERE i_order = o.o_id AND i_quantity IN (1, 2, 3)))) d
            FROM customer c WHERE c.c_city = 'Plzeň' AND EXISTS (
                SELECT 1 FROM orders o JOIN item i ON i.i_order = o.o_id WHERE o.o_customer = c.c_id AND i.i_quantity IN (1, 2, 3))
            """)
    }

    /// Two kinds of one PostgreSQL database are joined there: the items are read only for the
    /// products the query's constant keeps, and the products only for the items its filter keeps.
    @Test func twoKindsOfOneDatabaseAreJoinedInIt() throws {
        let text = #"""
            SELECT { ?p name ?n ; items ?i . ?i order ?o ; quantity ?q . }
            WHERE { ?p p_name ?n ; p_price ?price ; item ?i . ?i i_order/o_id ?o ; i_quantity ?q .
                    FILTER(?price IN (10.00, 10.25, 10.5, 11, 50) && ?q IN (7, 8, 9)) }
            """#
        let plan = try query(text, explain: true).output
        #expect(
            plan.contains(
                #"FROM "item" WHERE ("i_quantity" IN (7, 8, 9)) AND "i_product" IN (SELECT "p_id" FROM "product" WHERE ("p_price" IN ('10'::numeric, '10.25'::numeric, '10.5'::numeric, '11'::numeric, '50'::numeric)))"#
            ), "\(plan)")
        #expect(
            plan.contains(
                #"AND "p_id" IN (SELECT "i_product" FROM "item" WHERE ("i_quantity" IN (7, 8, 9)))"#), "\(plan)")
        #expect(plan.contains("1 joins in the database (with product)"), "\(plan)")
        // Without the join, the items are read with their own condition alone: more rows.
        let alone = try query(text, explain: true, pushdown: "projection,selection,semi-join").output
        #expect(!alone.contains("IN (SELECT"), "\(alone)")
        try expectSame(
            text,
            """
            SELECT json_build_object('name', p.p_name, 'items', json_agg(json_build_object('order', i.i_order, 'quantity', i.i_quantity))) d
            FROM product p JOIN item i ON i.i_product = p.p_id
            WHERE p.p_price IN (10.00, 10.25, 10.5, 11, 50) AND i.i_quantity IN (7, 8, 9) GROUP BY p.p_id, p.p_name
            """)
    }

    @Test func nestedDocumentsWithAnAggregatePerOrder() throws {
        try expectSame(
            """
            SELECT { ?c name ?n ; orders ?o . ?o id ?oid ; pieces SUM(?q) . }
            WHERE { ?c c_name ?n ; orders ?o . ?o o_id ?oid ; item ?i . ?i i_quantity ?q }
            """,
            """
            SELECT json_build_object('name', c.c_name, 'orders', (
                SELECT json_agg(json_build_object('id', o.o_id, 'pieces', (SELECT sum(i_quantity) FROM item WHERE i_order = o.o_id)))
                FROM orders o WHERE o.o_customer = c.c_id AND EXISTS (SELECT 1 FROM item WHERE i_order = o.o_id))) d
            FROM customer c WHERE EXISTS (SELECT 1 FROM orders o JOIN item i ON i.i_order = o.o_id WHERE o.o_customer = c.c_id)
            """)
    }

    @Test func optionalUnionAndMinus() throws {
        try expectSame(
            "SELECT { ?c id ?id ; city ?city } WHERE { ?c c_id ?id . OPTIONAL { ?c c_city ?city } }",
            "SELECT json_build_object('id', c_id, 'city', c_city) d FROM customer")
        try expectSame(
            #"""
            SELECT { ?c id ?id } WHERE { ?c c_id ?id . { ?c c_city "Plzeň" } UNION { ?c orders ?o . ?o item/i_product/p_id 7 } }
            """#,
            """
            SELECT json_build_object('id', c_id) d FROM customer c WHERE c_city = 'Plzeň' OR EXISTS (
                SELECT 1 FROM orders o JOIN item i ON i.i_order = o.o_id WHERE o.o_customer = c.c_id AND i.i_product = 7)
            """)
        try expectSame(
            "SELECT { ?c id ?id } WHERE { ?c c_id ?id . MINUS { ?c orders ?o } }",
            "SELECT json_build_object('id', c_id) d FROM customer c WHERE NOT EXISTS (SELECT 1 FROM orders WHERE o_customer = c_id)"
        )
    }

    @Test func groupByHavingAndAggregates() throws {
        try expectSame(
            """
            SELECT { ?c id ?id ; spent SUM(?q * ?price) ; orders COUNT(DISTINCT ?o) ; lines COUNT(*) ; dearest MAX(?price) }
            WHERE { ?c c_id ?id ; orders ?o . ?o item ?i . ?i i_quantity ?q ; i_product/p_price ?price }
            GROUP BY ?c HAVING (SUM(?q * ?price) > 400)
            """,
            """
            SELECT json_build_object('id', c.c_id, 'spent', sum(i.i_quantity * p.p_price)::float8,
                'orders', count(DISTINCT o.o_id), 'lines', count(*), 'dearest', max(p.p_price)::float8) d
            FROM customer c JOIN orders o ON o.o_customer = c.c_id JOIN item i ON i.i_order = o.o_id
            JOIN product p ON p.p_id = i.i_product GROUP BY c.c_id HAVING sum(i.i_quantity * p.p_price) > 400
            """)
    }

    @Test func orderByWithLimitAndStringFunctions() throws {
        try expectSame(
            "SELECT { ?p id ?id ; total SUM(?q) } WHERE { ?p p_id ?id ; item ?i . ?i i_quantity ?q } ORDER BY DESC(SUM(?q)) ?id LIMIT 5",
            """
            SELECT json_build_object('id', p.p_id, 'total', sum(i.i_quantity)) d FROM product p
            JOIN item i ON i.i_product = p.p_id GROUP BY p.p_id ORDER BY sum(i.i_quantity) DESC, p.p_id LIMIT 5
            """,
            ordered: true)
        try expectSame(
            #"SELECT { ?c name ?n } WHERE { ?c c_name ?n . FILTER(CONTAINS(?n, "'") || STRSTARTS(?n, "Č") || STRENDS(?n, "\\ 7")) } ORDER BY ?n"#,
            #"""
            SELECT json_build_object('name', c_name) d FROM customer
            WHERE strpos(c_name, '''') > 0 OR starts_with(c_name, 'Č') OR right(c_name, 3) = '\ 7' ORDER BY c_name COLLATE "C"
            """#,
            ordered: true)
    }
}

/// A small, fixed pseudo-random sequence (SplitMix64), so generated data is the same every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
