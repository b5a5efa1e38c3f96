import MMCat
import Testing

/// The schema editor's rules, in the core: next keys, morphisms with their duals, removals that
/// keep the category whole, and superIds that follow ids.
@Suite struct SchemaEditTests {
    static let document = try! JSONParser.parse(
        #"""
        {"name": "shop", "objects": [
            {"key": 1, "label": "Customer", "superId": ["1"], "ids": [["1"]], "position": {"x": 5, "y": 6}},
            {"key": 2, "label": "Id"}],
         "morphisms": [
            {"signature": "1", "dom": 1, "cod": 2, "min": "ONE", "max": "ONE"},
            {"signature": "-1", "dom": 2, "cod": 1, "min": "ONE", "max": "ONE"}]}
        """#)

    @Test func aNewObjectGetsTheNextKeyAndOtherMembersStay() throws {
        let (document, schema) = try SchemaEdit.addObject(.object([JSONMember("label", .string("Name"))]))
            .apply(to: Self.document)
        #expect(schema.objects.map(\.key) == [1, 2, 3])
        #expect(schema.objects.last?.label == "Name")
        #expect(document["objects"]?.arrayElements?.first?["position"]?["x"] == .number("5"))
    }

    @Test func aMorphismComesWithItsDualAndGoesWithIt() throws {
        let body = try JSONParser.parse(#"{"dom": 1, "cod": 2, "dual": {"min": "ONE", "max": "ONE"}}"#)
        let (added, schema) = try SchemaEdit.addMorphism(body).apply(to: Self.document)
        let two = try #require(schema.morphism(Signature(parsing: "2")))
        let dual = try #require(schema.morphism(Signature(parsing: "-2")))
        #expect((two.dom, two.cod, dual.dom, dual.cod) == (1, 2, 2, 1))
        let (removed, _) = try SchemaEdit.removeMorphism(Signature(parsing: "2")).apply(to: added)
        #expect(removed == Self.document)
        #expect(throws: SchemaEditError.self) {
            try SchemaEdit.removeMorphism(Signature(parsing: "-1")).apply(to: added)
        }
        #expect(throws: SchemaEditError.self) {
            try SchemaEdit.addMorphism(
                .object([
                    JSONMember("signature", .number("1")), JSONMember("dom", .number("1")),
                    JSONMember("cod", .number("2")),
                ])
            ).apply(to: Self.document)
        }
    }

    @Test func anObjectThatIsAnEndOfAMorphismStays() {
        #expect(throws: SchemaEditError.self) { try SchemaEdit.removeObject(key: 2).apply(to: Self.document) }
        #expect(throws: SchemaEditError.self) { try SchemaEdit.removeObject(key: 9).apply(to: Self.document) }
    }

    @Test func newIdsCarryTheSuperIdWithThem() throws {
        let added = try SchemaEdit.addMorphism(try JSONParser.parse(#"{"dom": 1, "cod": 2}"#)).apply(to: Self.document)
            .0
        let changes = try JSONParser.parse(#"{"ids": [["1"], ["2"]]}"#)
        let (_, schema) = try SchemaEdit.changeObject(key: 1, changes: changes).apply(to: added)
        let customer = try #require(schema.object(1))
        #expect(customer.superId.map(\.description) == ["1", "2"])
        #expect(customer.ids.count == 2)
    }

    @Test func anEditThatBreaksTheCategoryIsRefusedWithItsProblems() {
        let changes = try! JSONParser.parse(#"{"ids": [["7"]]}"#)
        #expect {
            try SchemaEdit.changeObject(key: 1, changes: changes).apply(to: Self.document)
        } throws: { error in
            guard case SchemaEditError.invalidCategory(let problems) = error else { return false }
            return problems.description.contains("7")
        }
    }
}
