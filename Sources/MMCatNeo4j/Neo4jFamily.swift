import MMCat
import MMCatCypher

/// A Neo4j graph, or any server that speaks Bolt and Cypher (FalkorDB's Bolt port, Memgraph):
/// each node label and each relationship type a kind. Models are Cypher scripts, which
/// `cypher-shell` runs as they are and which the server executes a statement at a time over Bolt
/// (``BoltSession``); kinds are read back for Model to Category. Without a URI the database is
/// a target for scripts only, as it was before mmcat spoke Bolt.
public struct Neo4jFamily: GraphFamily {
    public let name = "neo4j"
    public let title = "Neo4j"
    public let settings = [
        DatabaseSetting(name: "uri", label: "Bolt URI", required: false, example: "bolt://127.0.0.1:7687"),
        DatabaseSetting(name: "user", label: "User (optional)", required: false, example: "neo4j"),
        DatabaseSetting(name: "password", label: "Password", kind: .secret, required: false),
        DatabaseSetting(name: "database", label: "Database (optional)", required: false, example: "neo4j"),
    ]

    public init() {}

    /// A URI, when there is one, must be one this client can connect to.
    public func checkSettings(_ settings: [String: String]) throws(DatabaseError) {
        guard let uri = settings["uri"], !uri.isEmpty else { return }
        do {
            _ = try Neo4jSettings.parse(uri, label: "")
        } catch {
            throw DatabaseError(error.problems.first?.message ?? "", setting: "settings.uri")
        }
    }

    public func session(_ database: DatabaseAccess) throws(InputError) -> any CypherSession {
        try Neo4jSettings(database).connect()
    }
}
