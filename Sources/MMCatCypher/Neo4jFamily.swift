import MMCat

/// A Neo4j graph: each node label and each relationship type a kind. Models are Cypher scripts
/// for `cypher-shell`; the server writes them but does not connect to Neo4j (Bolt). FalkorDB,
/// which runs the same scripts, is a family the server reads and executes on.
public struct Neo4jFamily: GraphFamily {
    public let name = "neo4j"
    public let title = "Neo4j"
    public let settings = [
        DatabaseSetting(name: "uri", label: "URI", required: false, example: "bolt://127.0.0.1:7687")
    ]

    public init() {}
}
