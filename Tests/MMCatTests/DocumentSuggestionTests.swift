import MMCat
import Testing

/// Suggested document mappings over inferred tables: the referencing rows nested, the column
/// back to the parent left out, to-one references embedded on request, every mapping valid.
@Suite struct DocumentSuggestionTests {
    func names(_ path: AccessPath) -> [String] { path.children.compactMap(\.name.fixedName) }

    @Test func referencingRowsNestAndReferencesEmbed() throws {
        let inferred = try CatalogInference.infer(CatalogInferenceTests.catalog)
        let tables = inferred.mappings
        let orders = try #require(tables.first { $0.kindName == "orders" })
        let nested = DocumentSuggestion.mapping(root: orders, tables: tables, schema: inferred.schema)
        #expect(nested.validate(against: inferred.schema).isEmpty)
        #expect(names(nested.accessPath) == ["number", "customer_id", "referrer_id", "placed", "order_item"])
        let items = try #require(nested.accessPath.children.last)
        #expect(names(items) == ["sku", "variant", "quantity"], "the number back to the order is left out")

        let embedded = DocumentSuggestion.mapping(
            root: orders, tables: tables, schema: inferred.schema, embedReferences: true)
        #expect(embedded.validate(against: inferred.schema).isEmpty)
        #expect(names(embedded.accessPath) == ["number", "customer", "referrer", "placed", "order_item"])

        let customer = try #require(tables.first { $0.kindName == "customer" })
        let byCustomer = DocumentSuggestion.mapping(root: customer, tables: tables, schema: inferred.schema)
        #expect(byCustomer.validate(against: inferred.schema).isEmpty)
        #expect(names(byCustomer.accessPath).suffix(2) == ["orders_by_customer_id", "orders_by_referrer_id"])
        let employee = try #require(tables.first { $0.kindName == "employee" })
        let managed = DocumentSuggestion.mapping(root: employee, tables: tables, schema: inferred.schema)
        #expect(managed.validate(against: inferred.schema).isEmpty, "a self-reference nests no further")
    }
}
