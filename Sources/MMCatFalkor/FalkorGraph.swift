import MMCat
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
public final class FalkorGraph {
    /// What a query answered: its column names, its rows and its statistics lines
    /// (`Nodes created: 2`).
    public struct Reply {
        public var columns: [String]
        public var rows: [[JSONValue]]
        public var statistics: [String]

        /// The number after `name: ` in the statistics (`Nodes created`), 0 when absent.
        public func statistic(_ name: String) -> Int {
            for line in statistics where line.hasPrefix(name + ": ") {
                return Int(line.dropFirst(name.count + 2)) ?? 0
            }
            return 0
        }
    }

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
    public func query(_ cypher: String, readOnly: Bool = false) throws(InputError) -> Reply {
        try send(cypher, readOnly: readOnly)
        do throws(RESPError) {
            let reply = try connection.readValue()
            if case .error(let message) = reply { throw RESPError(message, fromServer: true) }
            guard let parts = reply.items, let statistics = parts.last?.items else {
                throw RESPError("\(connection.address): the reply to GRAPH.QUERY has no statistics")
            }
            let lines = statistics.compactMap(\.text)
            guard parts.count == 3 else { return Reply(columns: [], rows: [], statistics: lines) }
            let columns = (parts[0].items ?? []).map { $0.items?.last?.text ?? $0.text ?? "" }
            let rows = (parts[1].items ?? []).map { row in (row.items ?? []).map(Self.value) }
            return Reply(columns: columns, rows: rows, statistics: lines)
        } catch {
            throw failure(error)
        }
    }

    /// Sends a query whose rows the caller reads one at a time (``RowStream``), for results too
    /// large to hold.
    public func stream(_ cypher: String) throws(InputError) -> RowStream {
        try send(cypher, readOnly: true)
        do throws(RESPError) {
            guard let parts = try connection.readArrayHeader() else {
                throw RESPError("\(connection.address): the reply to GRAPH.QUERY is empty")
            }
            guard parts == 3 else {
                _ = try connection.readValue()
                return RowStream(graph: self, remaining: 0)
            }
            _ = try connection.readValue()  // the column names
            return RowStream(graph: self, remaining: try connection.readArrayHeader() ?? 0)
        } catch {
            throw failure(error)
        }
    }

    /// The rows of a streamed query, read from the connection as they are asked for; the
    /// statistics after them are read (and dropped) with the last row.
    public struct RowStream {
        let graph: FalkorGraph
        public private(set) var remaining: Int

        public mutating func next() throws(InputError) -> [JSONValue]? {
            guard remaining > 0 else { return nil }
            do {
                let row = try graph.connection.readValue()
                remaining -= 1
                if remaining == 0 { _ = try graph.connection.readValue() }
                return (row.items ?? []).map(FalkorGraph.value)
            } catch {
                throw graph.failure(error)
            }
        }
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
