import MMCat

/// A Neo4j graph: each node label and each relationship type a kind. Models are Cypher scripts
/// for `cypher-shell`; the server writes them but does not connect to Neo4j (Bolt). FalkorDB,
/// which runs the same scripts, is a family the server reads and executes on.
public struct Neo4jFamily: DatabaseFamily {
    public let name = "neo4j"
    public let title = "Neo4j"
    public let settings = [
        DatabaseSetting(name: "uri", label: "URI", required: false, example: "bolt://127.0.0.1:7687")
    ]
    public let kindsAreFlat = true
    public let relationshipKinds = true
    public let printer: any ModelPrinter = CypherPrinter()

    public init() {}

    /// Node kinds are flat; a relationship kind adds its two ends (``GraphKind``).
    public func checkMapping(_ model: CategoryToModel) throws(InputError) {
        _ = try GraphKind(model)
    }

    public func suggestedMappings(forTables tables: [Mapping], schema: SchemaCategory) -> [Mapping] {
        GraphSuggestion.mappings(tables: tables, schema: schema)
    }
}
