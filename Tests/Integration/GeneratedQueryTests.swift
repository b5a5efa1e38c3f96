import Foundation
import MMCat
import MMCatJobs
import MMCatSQLite
import MMCatServiceTestSupport
import MMCatTestSupport
import PropertyBased
import Testing

/// Pushdowns never change an answer: generated shops in SQLite (customers with and without a
/// city, orders, items, products) and generated queries of every shape the pushdown rules look
/// at (constants, equality and IN filters, VALUES, OPTIONAL, UNION, MINUS, aggregates, two
/// variables of one object, joins the database runs, subqueries), each answered with every
/// pushdown and with none, the same.
@Suite struct GeneratedQueryTests {
    static let cities = ["Praha", "Brno", "Plzeň"]
    static let names = ["Anna", "Bob", "O'Brien", "Zoë"]

    /// A generated database (SQL for the sqlite3 shell) and a generated query over it.
    struct Case: CustomStringConvertible {
        var sql: String
        var query: String
        var description: String { "\(query)\n-- over --\n\(sql)" }
    }

    /// Generated numbers taken one at a time, each below a bound (0 once they run out).
    struct Codes {
        var rest: ArraySlice<UInt32>

        mutating func next(_ bound: Int) -> Int {
            defer { rest = rest.dropFirst() }
            return Int((rest.first ?? 0) % UInt32(bound))
        }
    }

    /// `INSERT`s of customers 1 to `count` into `customer (c_id, c_name, c_city)`: each a name
    /// of `names` (quotes doubled) and a city of `cities` or, one pick in `cities.count + 1`, none.
    static func customers(_ count: Int, names: [String], cities: [String], _ codes: inout Codes) -> [String] {
        (1...count).map { id in
            let city = codes.next(cities.count + 1)
            let name = names[codes.next(names.count)].replacingOccurrences(of: "'", with: "''")
            return
                "INSERT INTO customer VALUES (\(id), '\(name)', \(city == cities.count ? "NULL" : "'\(cities[city])'"));"
        }
    }

    /// Cases made by `make` from 200 generated numbers.
    static func generator(_ make: @escaping @Sendable (inout Codes) -> Case) -> Generator<
        Case, Shrink.None<[UInt32]>
    > {
        Gen<UInt32>.value(in: 0...UInt32.max).array(of: 200).withoutShrink().map { codes in
            var reader = Codes(rest: codes[...])
            return make(&reader)
        }
    }

    @Sendable static func makeCase(_ codes: inout Codes) -> Case {
        func next(_ bound: Int) -> Int { codes.next(bound) }
        var statements = [
            "CREATE TABLE customer (c_id INTEGER PRIMARY KEY, c_name TEXT NOT NULL, c_city TEXT);",
            "CREATE TABLE orders (o_id INTEGER PRIMARY KEY, o_customer INTEGER NOT NULL REFERENCES customer (c_id), o_date TEXT NOT NULL);",
            "CREATE TABLE item (i_order INTEGER NOT NULL REFERENCES orders (o_id), i_quantity INTEGER NOT NULL, i_line INTEGER NOT NULL, PRIMARY KEY (i_order, i_line));",
        ]
        let customers = 2 + next(6)
        statements += Self.customers(customers, names: names, cities: cities, &codes)
        let orders = next(8)
        if orders > 0 {
            for id in 1...orders {
                statements.append("INSERT INTO orders VALUES (\(id), \(1 + next(customers)), '2024-0\(1 + next(3))');")
                for line in 0..<next(3) {
                    statements.append("INSERT INTO item VALUES (\(id), \(1 + next(5)), \(line));")
                }
            }
        }
        let city = "\"\(cities[next(3)])\""
        let name = "\"\(names[next(names.count)])\""
        // Some ids written as strings: "3" equals 3 to a query, and must to a database too.
        let ids = (0..<(1 + next(3))).map { _ in next(2) == 0 ? String(1 + next(8)) : "\"\(1 + next(8))\"" }
            .joined(separator: ", ")
        let templates = [
            "SELECT { ?c name ?n ; orders ?o . ?o id ?id } WHERE { ?c c_name ?n ; c_city \(city) ; orders ?o . ?o o_id ?id . FILTER(?id IN (\(ids))) }",
            "SELECT { ?c name ?n ; city ?x } WHERE { ?c c_name ?n . OPTIONAL { ?c c_city ?x } FILTER(?n = \(name)) }",
            "SELECT { ?c name ?n } WHERE { ?c c_name ?n ; c_city \(city) . MINUS { ?c orders ?o . ?o o_date \"2024-01\" } }",
            "SELECT { ?c name ?n } WHERE { ?c c_name ?n . { ?c c_city \(city) } UNION { ?c orders ?o . ?o o_id ?id . FILTER(?id IN (\(ids))) } }",
            "SELECT { ?o id ?id ; pieces SUM(?q) } WHERE { ?o o_id ?id ; o_customer/c_city \(city) ; item ?i . ?i i_quantity ?q . VALUES ?id { \(ids.replacingOccurrences(of: ",", with: "")) } }",
            "SELECT { ?c name ?n ; lines COUNT(?i) } WHERE { ?c c_name ?n ; orders ?o . ?o item ?i . ?i i_quantity ?q . FILTER(?q IN (1, 2, 3)) } GROUP BY ?c HAVING (COUNT(?i) > 1)",
            "SELECT { ?c name ?n ; twins ?d } WHERE { ?c c_name ?n ; c_city \(city) . ?d c_name ?n }",
            "SELECT { ?i line ?l } WHERE { ?i i_line ?l ; i_order/o_customer/c_city \(city) ; i_quantity ?q . FILTER(?q = \(1 + next(5))) }",
            // Joins the database runs: orders by their customers' city, customers by their
            // orders' date, items two joins away from a customer's name.
            "SELECT { ?o id ?id } WHERE { ?o o_id ?id ; o_customer ?c . ?c c_city \(city) }",
            "SELECT { ?c name ?n ; orders ?o } WHERE { ?c c_name ?n ; orders ?o . ?o o_date \"2024-0\(1 + next(3))\" }",
            "SELECT { ?i line ?l } WHERE { ?i i_line ?l ; i_order ?o . ?o o_customer ?c . ?c c_name \(name) }",
            // Subqueries: the records they read are theirs, whatever the outer pattern keeps.
            "SELECT { ?c name ?n } WHERE { ?c c_name ?n ; c_city \(city) . { SELECT ?c WHERE { ?o o_customer ?c } GROUP BY ?c ORDER BY DESC(COUNT(?o)) ?c LIMIT 2 } }",
            "SELECT { ?c name ?n ; orders ?k } WHERE { ?c c_name ?n ; orders ?o . ?o o_date \"2024-0\(1 + next(3))\" . { SELECT ?c (COUNT(?o) AS ?k) WHERE { ?c orders ?o } GROUP BY ?c } }",
        ]
        return Case(sql: statements.joined(separator: "\n"), query: templates[next(templates.count)])
    }

    static var cases: Generator<Case, Shrink.None<[UInt32]>> { generator(makeCase) }

    /// The documents, written canonically (arrays as multisets), in answer order.
    static func answer(
        _ text: String, _ inferred: InferredSchema, _ kinds: [QueryRunner.Kind], _ options: QueryPushdown.Options
    )
        throws -> [String]
    {
        try QueryRunner.answer(text, schema: inferred.schema, kinds: kinds, pushdown: options).answer.documents
            .map { DocumentComparison.canonical($0) ?? "{}" }
    }

    @Test func everyPushdownGivesTheAnswerOfNone() async throws {
        await propertyCheck(count: 60, input: Self.cases) { generated in
            do {
                let file = try TestSupport.temporaryDirectory().appendingPathComponent("shop.sqlite").path
                try Services.run("sqlite3", ["-bail", file, generated.sql])
                let access = DatabaseAccess(label: "shop", settings: ["path": file])
                let family = SQLiteFamily()
                let inferred = try DatabaseInference.infer(
                    [DatabaseInference.Source(family: family, access: access, name: "shop")], sample: 1000, name: "shop"
                )
                let kinds = inferred.mappings.map {
                    QueryRunner.Kind(mapping: $0, database: "shop", family: family, access: access)
                }
                let pushed = try Self.answer(generated.query, inferred, kinds, QueryPushdown.Options())
                let whole = try Self.answer(generated.query, inferred, kinds, .none)
                #expect(pushed.sorted() == whole.sorted(), "\(generated)")
            } catch {
                Issue.record("\(generated): \(error)")
            }
        }
    }
}
