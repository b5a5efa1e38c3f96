import MMCat
import MMCatCypher
import RESPClient

/// One graph of a FalkorDB server, reached over the Redis protocol: Cypher queries go out as
/// `GRAPH.QUERY graph query --compact`, and the compact replies come back typed (integers,
/// doubles, strings, booleans, lists, maps), which ``FalkorGraph/value(_:)`` turns into JSON
/// values.
///
/// ```swift
/// let graph = try FalkorGraph(host: "127.0.0.1", port: 6379, graph: "shop", label: "shop")
/// let reply = try graph.query("MATCH (n) RETURN count(n)")
/// reply.rows[0][0]   // .number("42")
/// ```
public final class FalkorGraph: CypherSession {
    public let connection: RESPConnection
    public let graph: String
    /// The database's name in messages.
    public let label: String

    /// Connects and, with a password, logs in (`AUTH [user] password`); an error names the
    /// setting to blame (`host`, `port`, `password`) in its location.
    public init(
        host: String, port: Int, graph: String, user: String? = nil, password: String? = nil, label: String
    ) throws(InputError) {
        self.graph = graph
        self.label = label
        do {
            connection = try RESPConnection(host: host, port: port)
        } catch {
            throw InputError(file: label, location: "host", message: error.message)
        }
        if let password, !password.isEmpty {
            let arguments = ["AUTH"] + (user.map { [$0] } ?? []) + [password]
            let reply: RESPValue
            do {
                reply = try connection.command(arguments)
            } catch {
                throw InputError(file: label, location: "host", message: error.message)
            }
            if case .error(let message) = reply {
                throw InputError(file: label, location: "password", message: "the server refused the login: \(message)")
            }
        }
    }

    /// Runs a query and reads its whole reply; a refused query is an error with the server's words.
    /// A read-only query (`GRAPH.RO_QUERY`) does not create the graph when it does not exist.
    public func query(_ cypher: String, readOnly: Bool = false) throws(InputError) -> CypherReply {
        try send(cypher, readOnly: readOnly)
        do throws(RESPError) {
            let reply = try connection.readValue()
            if case .error(let message) = reply { throw RESPError(message, fromServer: true) }
            guard let parts = reply.items, let statistics = parts.last?.items else {
                throw RESPError("\(connection.address): the reply to GRAPH.QUERY has no statistics")
            }
            let lines = statistics.compactMap(\.text)
            let rows = parts.count == 3 ? (parts[1].items ?? []).map { row in (row.items ?? []).map(Self.value) } : []
            return CypherReply(
                rows: rows, nodesCreated: Self.statistic("Nodes created", lines),
                relationshipsCreated: Self.statistic("Relationships created", lines))
        } catch {
            throw failure(error)
        }
    }

    /// The number after `name: ` in the statistics lines (`Nodes created: 2`), 0 when absent.
    private static func statistic(_ name: String, _ lines: [String]) -> Int {
        for line in lines where line.hasPrefix(name + ": ") {
            return Int(line.dropFirst(name.count + 2)) ?? 0
        }
        return 0
    }

    /// Sends a query whose rows the caller reads one at a time, for results too large to hold;
    /// the statistics after them are read (and dropped) with the last row.
    public func stream(_ cypher: String) throws(InputError) -> CypherRows {
        try send(cypher, readOnly: true)
        var remaining: Int
        do throws(RESPError) {
            guard let parts = try connection.readArrayHeader() else {
                throw RESPError("\(connection.address): the reply to GRAPH.QUERY is empty")
            }
            if parts == 3 {
                _ = try connection.readValue()  // the column names
                remaining = try connection.readArrayHeader() ?? 0
            } else {
                _ = try connection.readValue()
                remaining = 0
            }
        } catch {
            throw failure(error)
        }
        return CypherRows { [self] () throws(InputError) -> [JSONValue]? in
            guard remaining > 0 else { return nil }
            do throws(RESPError) {
                let row = try connection.readValue()
                remaining -= 1
                if remaining == 0 { _ = try connection.readValue() }
                return (row.items ?? []).map(FalkorGraph.value)
            } catch {
                throw failure(error)
            }
        }
    }

    /// Sends a model's batch with its rows as a query parameter
    /// (``CypherStatementSplitter/parameterized(_:)``), which FalkorDB reads faster than the
    /// same rows written into the query.
    public func runStatement(_ statement: String) throws(InputError) -> CypherReply {
        try query(CypherStatementSplitter.parameterized(statement) ?? statement)
    }

    /// FalkorDB's `db.indexes()`: the node labels' indexed properties.
    public func indexedProperties() throws(InputError) -> [String: [String]] {
        try nodeIndexes(.procedure)
    }

    private func send(_ cypher: String, readOnly: Bool) throws(InputError) {
        do {
            try connection.send([readOnly ? "GRAPH.RO_QUERY" : "GRAPH.QUERY", graph, cypher, "--compact"])
        } catch {
            throw failure(error)
        }
    }

    private func failure(_ error: RESPError) -> InputError {
        if error.fromServer {
            if error.message.contains("unknown command") {
                return InputError(
                    file: label, location: "host",
                    message: "\(connection.address) is a Redis server without the FalkorDB module (\(error.message))")
            }
            if error.message.contains("empty key") {
                return InputError(
                    file: label, location: "graph",
                    message: "\(connection.address) has no graph named \"\(graph)\"")
            }
            if error.message.hasPrefix("NOAUTH") || error.message.hasPrefix("WRONGPASS") {
                return InputError(file: label, location: "password", message: error.message)
            }
            return InputError(
                file: label, location: "graph \"\(graph)\"", message: "FalkorDB refused: \(error.message)")
        }
        return InputError(file: label, location: "host", message: error.message)
    }

    /// A compact-mode value (`[type, value]`) as JSON: FalkorDB's types are 1 null, 2 string,
    /// 3 integer, 4 boolean, 5 double, 6 array, 10 map; nodes, edges and paths (7 to 9) are not
    /// asked for by mmcat's queries and read as null.
    public static func value(_ reply: RESPValue) -> JSONValue {
        guard let pair = reply.items, pair.count == 2, case .integer(let type) = pair[0] else { return .null }
        let payload = pair[1]
        switch type {
        case 2: return .string(payload.text ?? "")
        case 3:
            if case .integer(let number) = payload { return .number(String(number)) }
            return .null
        case 4: return .bool(payload.text == "true")
        case 5:
            let text = payload.text ?? ""
            return Double(text).map { $0.isFinite } == true ? .number(text) : .string(text)
        case 6: return .array((payload.items ?? []).map(value))
        case 10:
            let items = payload.items ?? []
            var members: [JSONMember] = []
            for index in stride(from: 0, to: items.count - 1, by: 2) {
                let member = value(items[index + 1])
                if member != .null { members.append(JSONMember(items[index].text ?? "", member)) }
            }
            return .object(members)
        default: return .null
        }
    }
}
