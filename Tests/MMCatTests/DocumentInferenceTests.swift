import MMCat
import Testing

/// Sampled documents become a schema category with one nested mapping per kind: nested
/// documents and arrays of documents as objects of their own, optional fields min ZERO, arrays
/// of values max STAR, `_id` first as the identifier, disagreeing types kept as texts and said.
@Suite struct DocumentInferenceTests {
    static let orders = try! JSONParser.parse(
        #"""
        [{"_id": 1, "number": 2043, "customer": {"name": "Ann", "city": "Brno"},
          "items": [{"product": "Toy", "quantity": 1}, {"product": "Book", "quantity": 2}], "tags": ["gift"],
          "note": "ring twice"},
         {"_id": 2, "number": 2043, "customer": {"name": "Bo"}, "items": [], "tags": [], "note": 7},
         {"_id": 3, "number": 1653, "customer": {"name": "Cy", "city": "Praha"},
          "items": [{"product": "Knife", "quantity": 7}]}]
        """#
    ).arrayItems

    func inferred() throws -> InferredSchema {
        var inference = DocumentInference()
        try inference.add(kind: "order", documents: Self.orders)
        return try inference.result(name: "shop")
    }

    func child(_ path: AccessPath, _ name: String) throws -> AccessPath {
        let found = path.children.filter { $0.name.fixedName == name }
        return try #require(found.first, "no property \(name)")
    }

    /// The morphism a property goes by.
    func morphism(_ path: AccessPath, in schema: SchemaCategory) throws -> SchemaMorphism {
        let signature = try #require(path.signature, "\(path.name) has no signature")
        return try #require(schema.morphism(signature), "\(signature) leads nowhere")
    }

    @Test func theShapeOfTheDocumentsBecomesTheCategory() throws {
        let result = try inferred()
        let mapping = try #require(result.mappings.first)
        let schema = result.schema
        #expect(mapping.kindName == "order")
        #expect(mapping.validate(against: schema).isEmpty)
        let customer = try child(mapping.accessPath, "customer")
        #expect(customer.isComplex)
        let city = try child(customer, "city")
        #expect(try morphism(city, in: schema).min == .zero, "Bo has no city")
        let items = try child(mapping.accessPath, "items")
        let toItems = try morphism(items, in: schema)
        #expect(items.isComplex && toItems.max == .star)
        #expect(try child(items, "quantity").signature != nil)
        let tags = try child(mapping.accessPath, "tags")
        #expect(!tags.isComplex)
        #expect(try morphism(tags, in: schema).max == .star)
        let number = try child(mapping.accessPath, "number")
        #expect(try morphism(number, in: schema).min == .one)
    }

    @Test func theIdentifierIsIdFirstAndDisagreementsAreSaid() throws {
        let result = try inferred()
        let mapping = try #require(result.mappings.first)
        let id = try child(mapping.accessPath, "_id")
        #expect(mapping.primaryKey == [try #require(id.signature)])
        #expect(result.notes.contains { $0.contains("order.note") && $0.contains("several types") }, "\(result.notes)")
    }

    @Test func theMappingImportsTheDocumentsItCameFrom() throws {
        let result = try inferred()
        let mapping = try #require(result.mappings.first)
        let instance = InstanceCategory(schema: result.schema)
        var out = TextOutput()
        for document in Self.orders {
            out.writeJSON(document)
            out.write("\n")
        }
        var records = try JSONRecordReader(bytes: out.bytes, file: "orders.jsonl")
        let summary = try ModelToCategory(plan: ImportPlan(schema: result.schema, mapping: mapping), instance: instance)
            .run(&records)
        #expect((summary.imported, summary.rejected) == (3, 0))
    }

    @Test func withoutAnyFieldThatIdentifiesTheBestIsTakenAndSaid() throws {
        var inference = DocumentInference()
        try inference.add(
            kind: "log",
            documents: try JSONParser.parse(#"[{"level": "info"}, {"level": "info", "text": "x"}]"#).arrayItems)
        let result = try inference.result()
        #expect(result.notes.contains { $0.contains("level (in 2 of 2)") }, "\(result.notes)")
        var nothing = DocumentInference()
        try nothing.add(kind: "empty", documents: try JSONParser.parse(#"[{"a": [1]}]"#).arrayItems)
        #expect(throws: InputError.self) { try nothing.result() }
    }

    @Test func aValueThatIsNotADocumentIsNamed() {
        var inference = DocumentInference()
        #expect(throws: InputError.self) { try inference.add(kind: "x", documents: [.number("1")]) }
    }
}
