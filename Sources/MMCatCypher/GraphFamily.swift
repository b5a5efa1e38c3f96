import MMCat

/// A family of graph databases that run Cypher models (Neo4j, FalkorDB): node kinds are flat,
/// a kind may also be a relationship type (``RelationshipEnds``), mappings are checked as
/// ``GraphKind`` lays them out, tables suggest the graph ``GraphSuggestion`` draws, and models are
/// ``CypherPrinter``'s. A conforming family states only its name, title and settings, and what
/// it can do beyond printing.
public protocol GraphFamily: DatabaseFamily {}

extension GraphFamily {
    public var kindsAreFlat: Bool { true }
    public var relationshipKinds: Bool { true }
    public var printer: any ModelPrinter { CypherPrinter() }

    /// Node kinds are flat; a relationship kind adds its two ends.
    public func checkMapping(_ model: CategoryToModel) throws(InputError) {
        _ = try GraphKind(model)
    }

    public func suggestedMappings(forTables tables: [Mapping], schema: SchemaCategory) -> [Mapping] {
        GraphSuggestion.mappings(tables: tables, schema: schema)
    }
}
