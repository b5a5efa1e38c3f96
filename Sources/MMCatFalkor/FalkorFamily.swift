import MMCat
import MMCatCypher
import RESPClient

/// A FalkorDB graph (a Redis server with the FalkorDB module), reached over the Redis protocol:
/// each node label and each relationship type a kind. Mappings of node kinds are flat; a
/// relationship kind's mapping adds its two ends by MM-cat's `_from.LABEL` / `_to.LABEL`
/// convention (``RelationshipEnds``). Models are Cypher scripts (the same ones Neo4j runs),
/// which the server executes a statement at a time; kinds are read back for Model to Category.
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

    public var readsKinds: Bool { true }

    public func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
        try FalkorKindSource(graph: FalkorSettings(database).connect(), kind: kind)
    }

    public var executesModels: Bool { true }

    public func executor(kind: String, in database: DatabaseAccess) throws(DatabaseError) -> any ModelExecutor {
        do {
            return FalkorModelExecutor(settings: try FalkorSettings(database))
        } catch {
            throw Self.failure(error)
        }
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

    public var readsCatalog: Bool { true }

    /// The graph as tables (``GraphCatalog``), for inference: each label's and type's first
    /// thousand nodes or relationships sampled, and a label's key found by asking the whole
    /// graph. The candidates are its indexed properties, then `id`, then the sampled properties
    /// on every sampled node; the first that no node lacks and no two nodes share is the key.
    public func catalog(_ database: DatabaseAccess) throws(DatabaseError) -> RelationalCatalog {
        do {
            let graph = try FalkorSettings(database).connect()
            let indexed = try graph.query(
                "CALL db.indexes() YIELD label, properties, entitytype RETURN label, properties, entitytype",
                readOnly: true
            ).rows
            var labels: [GraphCatalog.Label] = []
            for label in try FalkorKindSource.names(graph, "CALL db.labels()") where !label.containsASCII("`") {
                let quoted = "`" + label + "`"
                let nodes = try graph.query("MATCH (n:\(quoted)) RETURN properties(n) LIMIT 1000", readOnly: true).rows
                    .compactMap(\.first)
                let present = nodes.reduce(into: [String: Int]()) { counts, node in
                    for member in node.objectMembers ?? [] where member.value.scalarText != nil {
                        counts[member.key, default: 0] += 1
                    }
                }
                let onEvery = (nodes.first?.objectMembers ?? []).map(\.key).filter { present[$0] == nodes.count }
                let indexes = indexed.filter { $0.first?.scalarText == label && $0.last?.scalarText == "NODE" }
                    .flatMap { $0.dropFirst().first?.arrayElements?.compactMap(\.scalarText) ?? [] }
                var candidates: [String] = []
                for name in indexes + ["id"] + onEvery where onEvery.contains(name) && !candidates.contains(name) {
                    candidates.append(name)
                }
                var key: [String] = []
                for name in candidates.prefix(5) where !name.containsASCII("`") {
                    let property = "n.`" + name + "`"
                    let clashes = try graph.query(
                        "MATCH (n:\(quoted)) WITH \(property) AS k, count(n) AS c WHERE k IS NULL OR c > 1 RETURN count(*)",
                        readOnly: true)
                    if clashes.rows.first?.first?.scalarText == "0" {
                        key = [name]
                        break
                    }
                }
                labels.append(GraphCatalog.Label(name: label, nodes: nodes, key: key))
            }
            var types: [GraphCatalog.RelationshipType] = []
            for type in try FalkorKindSource.names(graph, "CALL db.relationshipTypes()") where !type.containsASCII("`")
            {
                var source = try FalkorKindSource(graph: graph, kind: type, limit: 1000)
                var records: [JSONValue] = []
                while let record = try source.next() { records.append(record.value) }
                types.append(GraphCatalog.RelationshipType(name: type, relationships: records))
            }
            return GraphCatalog.catalog(labels: labels, types: types)
        } catch {
            throw Self.failure(error)
        }
    }

    /// The graph's node labels, then its relationship types.
    public func kinds(_ database: DatabaseAccess) throws(DatabaseError) -> [String] {
        do {
            let graph = try FalkorSettings(database).connect()
            return try FalkorKindSource.names(graph, "CALL db.labels()")
                + FalkorKindSource.names(graph, "CALL db.relationshipTypes()")
        } catch {
            throw Self.failure(error)
        }
    }

    /// A connection or query error as a `DatabaseError`: the setting to blame from its location,
    /// the message without the database's name (whoever reports it names the database).
    static func failure(_ error: InputError) -> DatabaseError {
        var failure = DatabaseError(error)
        failure.message = error.problems.map { $0.location.isEmpty ? $0.message : "\($0.location): \($0.message)" }
            .joined(separator: "; ")
        return failure
    }
}
