import Foundation
import MMCat
import MMCatCypher
import Testing

/// Graph mappings: the `_from.LABEL`/`_to.LABEL` convention checked, the graph a catalog
/// suggests, and the Cypher model of nodes and relationships together.
@Suite struct GraphMappingTests {
    let inferred: InferredSchema
    let graph: [Mapping]

    init() throws {
        inferred = try CatalogInference.infer(CatalogInferenceTests.catalog)
        graph = GraphSuggestion.mappings(tables: inferred.mappings, schema: inferred.schema)
    }

    func mapping(_ kind: String) throws -> Mapping {
        try #require(graph.first { $0.kindName == kind }, "no graph mapping for \(kind)")
    }

    func names(_ path: AccessPath) -> [String] { path.children.compactMap(\.name.fixedName) }

    @Test func aCatalogSuggestsNodesForEntitiesAndRelationshipsForKeysAndJunctions() throws {
        #expect(
            graph.map(\.kindName) == [
                "customer", "orders", "product", "employee", "log", "orders_customer_id", "orders_referrer_id",
                "order_item", "employee_employee",
            ])
        for mapping in graph {
            #expect(mapping.validate(against: inferred.schema).isEmpty, "\(mapping.kindName)")
        }
        // Foreign-key columns leave the nodes; the relationships hold them.
        #expect(names(try mapping("orders").accessPath) == ["number", "placed"])
        #expect(names(try mapping("employee").accessPath) == ["id"])
        let items = try #require(try RelationshipEnds(mapping("order_item"), schema: inferred.schema))
        #expect(items.from.label == "orders" && items.from.keyNames == ["number"])
        #expect(items.to.label == "product" && items.to.keyNames == ["sku", "variant"])
        #expect(names(try mapping("order_item").accessPath) == ["_from.orders", "_to.product", "quantity"])
        let referrer = try #require(try RelationshipEnds(mapping("orders_referrer_id"), schema: inferred.schema))
        #expect(referrer.from.signature == .empty, "a key's relationship starts at the referencing row itself")
        #expect(referrer.to.label == "customer" && referrer.to.keyNames == ["id"])
        #expect(try RelationshipEnds(mapping("customer"), schema: inferred.schema) == nil)
    }

    @Test func endsThatBreakTheConventionAreLocated() throws {
        let schema = inferred.schema
        func problems(_ text: String) throws -> [String] {
            try AccessPathText.parseMapping(text, schema: schema).validate(against: schema).map(\.description)
        }
        #expect(
            try problems(#"o @orders { number: number, "_from.orders": ε { number: number } }"#) == [
                "$.accessPath: a relationship needs both ends: there is a _from.LABEL property but no _to.LABEL property"
            ])
        let unidentified = try problems(
            #"o @order_item { "_from.orders": number { placed: placed }, "_to.product": sku_variant { title: title } }"#
        )
        #expect(unidentified.contains { $0.contains("subpaths[0]: the properties of _from.orders do not identify") })
        #expect(unidentified.contains { $0.contains("subpaths[1]: the properties of _to.product do not identify") })
        let plain = try problems(#"o @orders { "_from.orders": number, "_to.customer": customer_id { id: id } }"#)
        #expect(plain.contains { $0.contains("must be a complex property with a signature") })
    }

    @Test func anEndIsSeenByItsBytesEvenWhenItsLabelStartsWithAJoiner() throws {
        // As Characters, "." and a following U+200D are one grapheme: "_from." would not be a prefix.
        for label in ["\u{200D}x", "\u{301}", "\u{1F1E6}"] {
            #expect(RelationshipEnds.split("_from." + label)?.label == label)
            #expect(RelationshipEnds.split("_to." + label)?.prefix == "_to.")
        }
        #expect(RelationshipEnds.split("_fro.x") == nil)
        let schema = inferred.schema
        let mapping = try AccessPathText.parseMapping(
            #"o @order_item { "_from.\u200D": number { number: number }, "_to.product": sku_variant { sku: sku, variant: variant } }"#,
            schema: schema)
        let ends = try #require(try RelationshipEnds(mapping, schema: schema))
        #expect(ends.from.label == "\u{200D}")
    }

    /// The tables' rows, imported through their inferred mappings.
    func instance() throws -> InstanceCategory {
        let instance = InstanceCategory(schema: inferred.schema)
        let rows: [String: String] = [
            "customer": #"[{"id": 1, "name": "Ann 'A'"}, {"id": 2, "name": "Bob\\"}]"#,
            "orders": #"[{"number": 10, "customer_id": 1, "referrer_id": 2}, {"number": 11, "customer_id": 9}]"#,
            "product": #"[{"sku": "s\n1", "variant": 1, "title": "t"}]"#,
            "order_item": #"[{"number": 10, "sku": "s\n1", "variant": 1, "quantity": 3}]"#,
        ]
        for (kind, documents) in rows {
            let table = try #require(inferred.mappings.first { $0.kindName == kind })
            var reader = try JSONRecordReader(bytes: Array(documents.utf8), file: "\(kind).json")
            _ = try ModelToCategory(plan: ImportPlan(schema: inferred.schema, mapping: table), instance: instance)
                .run(&reader)
        }
        return instance
    }

    @Test func oneModelHoldsIndexesThenNodesThenRelationshipsJoinedByTheirEnds() throws {
        let instance = try instance()
        let models = try ["order_item", "orders_customer_id", "customer", "orders", "product"].map {
            try CategoryToModel(instance: instance, mapping: mapping($0))
        }
        // Customer 9 is known only from order 11: its node kind leaves it out, as migrate does.
        models[2].leaveOut(models[2].incompleteRows().map(\.row))
        var out = TextOutput()
        try CypherPrinter().print(kinds: models, to: &out)
        let script = String(decoding: out.bytes, as: UTF8.self)
        let lastIndex = try #require(script.range(of: "CREATE INDEX", options: .backwards)).lowerBound
        let firstNode = try #require(script.range(of: "CREATE (n:")).lowerBound
        let lastNode = try #require(script.range(of: "CREATE (n:", options: .backwards)).lowerBound
        let firstRelationship = try #require(script.range(of: "CREATE (a)-[")).lowerBound
        #expect(lastIndex < firstNode && lastNode < firstRelationship)
        #expect(script.contains("CREATE INDEX FOR (n:`product`) ON (n.`sku`);"))
        #expect(script.contains("{f0: 10, t0: 's\\n1', t1: 1, p: {`quantity`: 3}}"))
        #expect(script.contains("OPTIONAL MATCH (b:`product` {`sku`: row.t0, `variant`: row.t1})"))
        #expect(script.contains("CREATE (a)-[r:`order_item`]->(b) SET r = row.p)"))
        // So order 11's relationship to it cannot be joined: the script says so rather than
        // dropping it quietly.
        #expect(script.contains("{f0: 10, t0: 1, p: {}}"))
        #expect(!script.contains("t0: 9"))
        #expect(
            script.contains("// Left out: the record with number = 11 of \"orders_customer_id\" has no node at an end.")
        )
        // An order without a referrer is no relationship of that type, and no complaint.
        let referrers = try CategoryToModel(instance: instance, mapping: mapping("orders_referrer_id"))
        #expect(referrers.incompleteRows().isEmpty)
        #expect(models[1].incompleteRows().count == 1)
    }

    @Test func aGraphsLabelsAndTypesBecomeTablesThatReadBackAsTheGraph() throws {
        func node(_ members: [(String, JSONValue)]) -> JSONValue { .object(members.map { JSONMember($0.0, $0.1) }) }
        let person = GraphCatalog.Label(
            name: "person",
            nodes: [
                node([("id", .number("1")), ("name", .string("Ann")), ("tags", .array([.string("a")]))]),
                node([("id", .number("2")), ("score", .number("2.5"))]),
            ], key: ["id"])
        let note = GraphCatalog.Label(name: "note", nodes: [node([("text", .string("x"))])], key: [])
        let knows = GraphCatalog.RelationshipType(
            name: "KNOWS",
            relationships: [
                node([
                    ("since", .number("2020")), ("_from.person", node([("id", .number("1"))])),
                    ("_to.person", node([("id", .number("2"))])),
                ])
            ])
        // A label and a type whose last node and relationship were deleted (graphs keep them).
        let gone = GraphCatalog.Label(name: "gone", nodes: [], key: [])
        let went = GraphCatalog.RelationshipType(name: "WENT", relationships: [])
        let catalog = GraphCatalog.catalog(labels: [person, gone, note], types: [went, knows])
        #expect(catalog.tables.map(\.name) == ["person", "note", "KNOWS"])
        #expect(catalog.notes.contains("label gone has no nodes, so it is left out"))
        #expect(catalog.notes.contains("relationship type WENT has no relationships, so it is left out"))
        let people = try #require(catalog.table("person"))
        #expect(people.columns.map(\.name) == ["id", "name", "score"])
        #expect(people.columns.map(\.type) == ["bigint", "text", "double precision"])
        #expect(people.columns.map(\.notNull) == [true, false, false])
        let edges = try #require(catalog.table("KNOWS"))
        #expect(edges.columns.map(\.name) == ["from_id", "to_id", "since"])
        #expect(edges.primaryKey == ["from_id", "to_id"])
        #expect(edges.foreignKeys.map(\.table) == ["person", "person"])
        #expect(catalog.notes.contains { $0.contains("property tags holds lists") })
        #expect(catalog.notes.contains { $0.contains("label note: no property is on every node and unique") })

        // Read back as a graph: the junction becomes the relationship type between persons.
        let inferred = try CatalogInference.infer(catalog)
        let graph = GraphSuggestion.mappings(tables: inferred.mappings, schema: inferred.schema)
        #expect(graph.map(\.kindName) == ["person", "note", "KNOWS"])
        let ends = try #require(try RelationshipEnds(graph[2], schema: inferred.schema))
        #expect(ends.from.label == "person" && ends.to.label == "person" && ends.from.keyNames == ["id"])
    }

    @Test func aBatchsRowsMoveIntoAParameterWhateverTheValuesHold() {
        let statement =
            "UNWIND [\n  {`a] AS row`: 'x] AS row\\' ]', b: [1, {c: \"]\"}]}\n] AS row CREATE (n:`k`) SET n = row"
        #expect(
            CypherStatementSplitter.parameterized(statement)
                == "CYPHER rows=[\n  {`a] AS row`: 'x] AS row\\' ]', b: [1, {c: \"]\"}]}\n] UNWIND $rows AS row CREATE (n:`k`) SET n = row"
        )
        #expect(CypherStatementSplitter.parameterized("CREATE INDEX FOR (n:`k`) ON (n.`id`)") == nil)
        #expect(CypherStatementSplitter.parameterized("UNWIND [1, 2] AS x RETURN x") == nil)
    }

    @Test func theSplitterKeepsQuotedSemicolonsAndDropsComments() {
        let script = "// a; comment\nCREATE (:`a;b` {s: 'x;\\'y', t: \"u;\\\"v\"});\nRETURN 1;\n"
        #expect(
            CypherStatementSplitter.split(script) == ["CREATE (:`a;b` {s: 'x;\\'y', t: \"u;\\\"v\"})", "RETURN 1"])
    }
}
