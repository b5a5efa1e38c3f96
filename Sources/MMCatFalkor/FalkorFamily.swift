import MMCat
import MMCatCypher
import RESPClient

/// A FalkorDB graph (a Redis server with the FalkorDB module), reached over the Redis protocol:
/// each node label and each relationship type a kind. Mappings of node kinds are flat; a
/// relationship kind's mapping adds its two ends by MM-cat's `_from.LABEL` / `_to.LABEL`
/// convention (``RelationshipEnds``). Models are Cypher scripts (the same ones Neo4j runs),
/// which the server executes a statement at a time; kinds are read back for Model to Category
/// (``GraphFamily`` does both through the ``FalkorGraph`` session).
public struct FalkorFamily: GraphFamily {
    public let name = "falkordb"
    public let title = "FalkorDB"
    public let settings = [
        DatabaseSetting(name: "host", label: "Host", example: "127.0.0.1"),
        DatabaseSetting(name: "port", label: "Port", kind: .port, required: false, example: "6379"),
        DatabaseSetting(name: "graph", label: "Graph", example: "shop"),
        DatabaseSetting(name: "user", label: "User (optional)", required: false),
        DatabaseSetting(name: "password", label: "Password", kind: .secret, required: false),
    ]

    public init() {}

    public func session(_ database: DatabaseAccess) throws(InputError) -> any CypherSession {
        try FalkorSettings(database).connect()
    }

    /// Connecting logs in and lists the server's graphs, which also tells that the FalkorDB
    /// module is loaded; a graph that does not exist yet is fine (running a model creates it).
    public func testConnection(_ database: DatabaseAccess) async throws(DatabaseError) {
        do throws(InputError) {
            let graph = try FalkorSettings(database).connect()
            let reply: RESPValue
            do {
                reply = try graph.connection.command(["GRAPH.LIST"])
            } catch {
                throw InputError(file: database.label, location: "host", message: error.message)
            }
            if case .error(let problem) = reply {
                throw InputError(
                    file: database.label, location: "host",
                    message: "the server answers, but not as FalkorDB: \(problem)")
            }
        } catch {
            throw Self.failure(error)
        }
    }
}
