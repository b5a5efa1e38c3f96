import Foundation
import MMCat
import MMCatCypher
import MMCatFalkor
import MMCatServiceTestSupport
import Testing

/// What a query asks of a graph kind, as Cypher (`CypherRead`), and, against a real FalkorDB
/// graph, that the nodes read are those the query's comparison could match, whatever type the
/// property holds.
@Suite struct CypherReadTests {
    @Test func conditionsBecomeWhereClausesAndJoinsBecomePaths() {
        let date = KindRead.Condition(property: "o_date", values: [.text("it's \\ 2024")])
        #expect(
            CypherRead.node(
                "orders", KindRead(conditions: [date, .init(property: "o_id", values: [.integer(7), .text("8")])]))
                == #"MATCH (n:`orders`) WHERE (n.`o_date` IN ['it\'s \\ 2024']) AND (n.`o_id` IN [7, 8] OR n.`o_id` IN ['7', '8'])"#
        )
        // A name with a backtick, a NUL in a value or a number Cypher cannot write: no condition.
        #expect(
            CypherRead.node(
                "orders",
                KindRead(conditions: [
                    .init(property: "a`b", values: [.text("x")]), .init(property: "c", values: [.text("\u{0}")]),
                    .init(property: "d", values: [.decimal(1e300 + 0.5)]),
                ])) == "MATCH (n:`orders`)")
        // A semi-join that found no keys matches nothing; "true" also matches the boolean.
        #expect(
            CypherRead.node(
                "orders",
                KindRead(conditions: [.init(property: "x", values: []), .init(property: "f", values: [.text("true")])]))
                == "MATCH (n:`orders`) WHERE false AND (n.`f` IN ['true'] OR n.`f` IN [true])")
        // A relationship: its own property, an end's key (a semi-join's keys), an end's node kind.
        let toy = KindRead.Condition(property: "p_name", values: [.text("Toy")])
        let relationship = CypherRead.relationship(
            "item",
            KindRead(conditions: [
                .init(property: "i_quantity", values: [.integer(5)]),
                .init(property: "o_id", within: "_from.orders", values: [.integer(100)]),
                .init(
                    property: "p_id", within: "_to.product",
                    join: .init(kind: "product", property: "p_id", conditions: [toy])),
            ]))
        #expect(
            relationship
                == "MATCH (a)-[r:`item`]->(b) WHERE (r.`i_quantity` IN [5] OR r.`i_quantity` IN ['5']) AND (a.`o_id` IN [100] OR a.`o_id` IN ['100']) AND b:`product` AND (b.`p_name` IN ['Toy'])"
        )
        // A node kind joined with a relationship whose end holds its key, and that
        // relationship's other end joined in turn: a path of two hops.
        let node = CypherRead.node(
            "orders",
            KindRead(conditions: [
                .init(
                    property: "o_id",
                    join: .init(
                        kind: "item", property: "o_id", within: "_from.orders",
                        conditions: [
                            .init(
                                property: "p_id", within: "_to.product",
                                join: .init(kind: "product", property: "p_id", conditions: [toy]))
                        ]))
            ]))
        #expect(
            node
                == "MATCH (n:`orders`), (n)-[r1:`item`]->(m2) WHERE m2:`product` AND (m2.`p_name` IN ['Toy']) WITH DISTINCT n"
        )
        // A join the graph cannot walk (a relationship whose end is another label) is left out.
        #expect(
            CypherRead.node(
                "orders",
                KindRead(conditions: [
                    .init(
                        property: "o_id",
                        join: .init(kind: "item", property: "o_id", within: "_from.other", conditions: [toy]))
                ])) == "MATCH (n:`orders`)")
    }

    @Test(Services.enabled(Services.falkorPort, "MMCAT_FALKOR_PORT"))
    func aGraphGivesEveryNodeTheComparisonCouldMatch() throws {
        let port = try Services.require(Services.falkorPort, "MMCAT_FALKOR_PORT")
        let graph = Services.uniqueName("read")
        let access = DatabaseAccess(label: "g", settings: ["host": "127.0.0.1", "port": port, "graph": graph])
        let session = try FalkorFamily().session(access)
        _ = try session.query(
            #"""
            CREATE (:T {k: 1, v: 5}), (:T {k: 2, v: '5'}), (:T {k: 3, v: 5.5}), (:T {k: 4, v: true}),
                   (:T {k: 5, v: 'true'}), (:T {k: 6, v: 'it\'s'}), (:T {k: 7, v: 'x'}), (:T {k: 8, v: [1, 2]}), (:T {k: 9})
            """#, readOnly: false)
        defer { _ = try? session.query("MATCH (n) DELETE n", readOnly: false) }
        func keys(_ values: [QueryValue]) throws -> [String] {
            var source = try FalkorFamily().openKind(
                "T", in: access, reading: KindRead(conditions: [.init(property: "v", values: values)]))
            var found: [String] = []
            while let record = try source.next() { found.append(record.value["k"]?.scalarText ?? "?") }
            return found.sorted()
        }
        #expect(try keys([.integer(5)]) == ["1", "2"])
        #expect(try keys([.text("5")]) == ["1", "2"])
        #expect(try keys([.decimal(5.5)]) == ["3"])
        #expect(try keys([.text("true")]) == ["4", "5"])
        #expect(try keys([.boolean(true)]) == ["4", "5"])
        #expect(try keys([.text("it's"), .text("x")]) == ["6", "7"])
        #expect(try keys([]) == [])
    }
}
