import MMCat

/// A Neo4j (or FalkorDB) graph: each node label a flat kind. Models are Cypher scripts; the
/// server does not yet read graphs or run scripts on them.
public struct Neo4jFamily: DatabaseFamily {
    public let name = "neo4j"
    public let title = "Neo4j"
    public let settings = [
        DatabaseSetting(name: "uri", label: "URI", required: false, example: "bolt://127.0.0.1:7687")
    ]
    public let kindsAreFlat = true
    public let printer: any ModelPrinter = CypherPrinter()

    public init() {}
}
