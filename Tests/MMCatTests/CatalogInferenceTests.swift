import MMCat
import Testing

/// A catalog with what real databases have (composite keys, nullable and composite foreign keys,
/// two keys to one table, a self-reference, a junction table, a table without a primary key)
/// becomes a valid schema category with one flat mapping per table.
@Suite struct CatalogInferenceTests {
    typealias Table = RelationalCatalog.Table
    typealias Column = RelationalCatalog.Column
    typealias ForeignKey = RelationalCatalog.ForeignKey

    static let catalog = RelationalCatalog(tables: [
        Table(
            name: "customer",
            columns: [
                Column(name: "id", type: "integer", notNull: true), Column(name: "name", type: "text", notNull: true),
                Column(name: "email", type: "text", notNull: false),
            ], primaryKey: ["id"], uniques: [["email"]]),
        Table(
            name: "orders",
            columns: [
                Column(name: "number", type: "integer", notNull: true),
                Column(name: "customer_id", type: "integer", notNull: true),
                Column(name: "referrer_id", type: "integer", notNull: false),
                Column(name: "placed", type: "timestamp", notNull: false),
            ], primaryKey: ["number"],
            foreignKeys: [
                ForeignKey(columns: ["customer_id"], table: "customer", referencedColumns: ["id"]),
                ForeignKey(columns: ["referrer_id"], table: "customer", referencedColumns: ["id"]),
            ]),
        Table(
            name: "product",
            columns: [
                Column(name: "sku", type: "text", notNull: true),
                Column(name: "variant", type: "integer", notNull: true),
                Column(name: "title", type: "text", notNull: false),
            ], primaryKey: ["sku", "variant"]),
        Table(
            name: "order_item",
            columns: [
                Column(name: "number", type: "integer", notNull: true),
                Column(name: "sku", type: "text", notNull: true),
                Column(name: "variant", type: "integer", notNull: true),
                Column(name: "quantity", type: "integer", notNull: true),
            ], primaryKey: ["number", "sku", "variant"],
            foreignKeys: [
                ForeignKey(columns: ["number"], table: "orders", referencedColumns: ["number"]),
                ForeignKey(columns: ["sku", "variant"], table: "product", referencedColumns: ["sku", "variant"]),
            ]),
        Table(
            name: "employee",
            columns: [
                Column(name: "id", type: "integer", notNull: true),
                Column(name: "manager_id", type: "integer", notNull: false),
            ], primaryKey: ["id"],
            foreignKeys: [ForeignKey(columns: ["manager_id"], table: "employee", referencedColumns: ["id"])]),
        Table(name: "log", columns: [Column(name: "message", type: "text", notNull: false)]),
    ])

    func mapping(_ inferred: InferredSchema, _ kind: String) throws -> Mapping {
        try #require(inferred.mappings.first { $0.kindName == kind }, "no mapping for \(kind)")
    }

    /// The object a property of `kind` reaches, and the morphism it goes by.
    func property(_ inferred: InferredSchema, _ kind: String, _ name: String) throws -> (SchemaObject, SchemaMorphism) {
        let mapping = try self.mapping(inferred, kind)
        let found = mapping.accessPath.children.filter { $0.name.fixedName == name }
        let path = try #require(found.first, "\(kind).\(name)")
        let signature = try #require(path.signature)
        let morphism = try #require(inferred.schema.morphism(signature), "\(signature) leads nowhere")
        #expect(morphism.dom == mapping.rootObject)
        return (try #require(inferred.schema.object(morphism.cod)), morphism)
    }

    @Test func tablesBecomeEntitiesAndColumnsAttributes() throws {
        let inferred = try CatalogInference.infer(Self.catalog)
        #expect(inferred.mappings.map(\.kindName) == Self.catalog.tables.map(\.name))
        let customer = try #require(inferred.schema.object(try mapping(inferred, "customer").rootObject))
        #expect(customer.label == "customer")
        let (name, nameMorphism) = try property(inferred, "customer", "name")
        #expect(name.label == "name")
        #expect((nameMorphism.min, nameMorphism.max) == (.one, .one))
        let (_, emailMorphism) = try property(inferred, "customer", "email")
        #expect(emailMorphism.min == .zero)
        // The primary key is the first id, the unique email the second.
        #expect(customer.ids.count == 2)
        let email = try #require(inferred.schema.morphism(emailMorphism.signature.dual))
        #expect(email.max == .one, "a unique column's value names one customer")
    }

    @Test func foreignKeyColumnsAreReachedThroughTheReferencedTable() throws {
        let inferred = try CatalogInference.infer(Self.catalog)
        let (customerId, toCustomer) = try property(inferred, "orders", "customer_id")
        let (id, _) = try property(inferred, "customer", "id")
        #expect(customerId.key == id.key, "orders.customer_id is the customer's id")
        #expect(toCustomer.signature.steps.count == 2)
        #expect(toCustomer.min == .one)
        let (referrer, toReferrer) = try property(inferred, "orders", "referrer_id")
        #expect(referrer.key == id.key)
        #expect(toReferrer.min == .zero, "a nullable foreign key")
        #expect(toReferrer.signature != toCustomer.signature, "two keys to one table stay two morphisms")
        let (manager, toManager) = try property(inferred, "employee", "manager_id")
        let (employeeId, _) = try property(inferred, "employee", "id")
        #expect(manager.key == employeeId.key, "a self-reference")
        #expect(toManager.min == .zero)
    }

    @Test func compositeAndJunctionKeysIdentifyThroughTheirReferences() throws {
        let inferred = try CatalogInference.infer(Self.catalog)
        let item = try mapping(inferred, "order_item")
        let key = try #require(item.primaryKey)
        #expect(key.count == 3)
        let (sku, _) = try property(inferred, "order_item", "sku")
        let (productSku, _) = try property(inferred, "product", "sku")
        #expect(sku.key == productSku.key, "the composite key (sku, variant) goes through the product")
        let itemObject = try #require(inferred.schema.object(item.rootObject))
        #expect(itemObject.ids.first == key)
    }

    @Test func aTableWithoutAPrimaryKeyIsIdentifiedByAllItsColumnsAndSaidSo() throws {
        let inferred = try CatalogInference.infer(Self.catalog)
        #expect(inferred.notes.contains { $0.contains("log") && $0.contains("no primary key") })
        #expect(try mapping(inferred, "log").primaryKey?.count == 1)
    }

    @Test func mappingsReadBackFromTheirTextForm() throws {
        let inferred = try CatalogInference.infer(Self.catalog)
        for mapping in inferred.mappings {
            let text = AccessPathText.print(mapping)
            let again = try AccessPathText.parseMapping(text)
            #expect(again.accessPath == mapping.accessPath, "\(text)")
            #expect(again.validate(against: inferred.schema).isEmpty, "\(text)")
        }
    }

    /// The foreign keys derived from the inferred category for the inferred mappings are the
    /// catalog's own: nothing lost, nothing invented.
    @Test func theCatalogsForeignKeysComeBackAsConstraints() throws {
        let inferred = try CatalogInference.infer(Self.catalog)
        let derived = ForeignKeyConstraint.derive(inferred.mappings, in: inferred.schema)
        let expected = Self.catalog.tables.flatMap { table in
            table.foreignKeys.map {
                ForeignKeyConstraint(
                    table: table.name, columns: $0.columns, referencedTable: $0.table,
                    referencedColumns: $0.referencedColumns)
            }
        }
        #expect(derived.count == expected.count, "\(derived)")
        for key in expected { #expect(derived.contains(key), "missing \(key)") }
    }

    @Test func aForeignKeyToATableLeftOutIsAClearError() {
        let lonely = RelationalCatalog(tables: [Self.catalog.tables[1]])
        #expect {
            try CatalogInference.infer(lonely)
        } throws: { error in
            (error as? InputError)?.description.contains("customer, which is not among the tables") == true
        }
    }
}
