import MMCat

/// Where a FalkorDB graph is and how to log in: the settings of a database of the FalkorDB
/// family, checked once.
///
/// ```swift
/// let access = DatabaseAccess(label: "graph", settings: ["host": "127.0.0.1", "port": "6379", "graph": "shop"])
/// let graph = try FalkorSettings(access).connect()
/// ```
public struct FalkorSettings: Sendable {
    public var host: String
    public var port: Int
    public var graph: String
    public var user: String?
    public var password: String?
    /// The database's name in messages.
    public var label: String

    public init(host: String, port: Int, graph: String, user: String? = nil, password: String? = nil, label: String) {
        self.host = host
        self.port = port
        self.graph = graph
        self.user = user
        self.password = password
        self.label = label
    }

    /// The settings of `database`; an error names a missing or wrong one.
    public init(_ database: DatabaseAccess) throws(InputError) {
        let port = database["port"].isEmpty ? 6379 : Int(database["port"]) ?? -1
        guard (1...65535).contains(port) else {
            throw InputError(file: database.label, location: "port", message: "a port is a number from 1 to 65535")
        }
        for name in ["host", "graph"] where database[name].isEmpty {
            throw InputError(file: database.label, location: name, message: "the setting is required")
        }
        self.init(
            host: database["host"], port: port, graph: database["graph"],
            user: database["user"].isEmpty ? nil : database["user"], password: database.password,
            label: database.label)
    }

    /// A connection to the graph, logged in.
    public func connect() throws(InputError) -> FalkorGraph {
        try FalkorGraph(host: host, port: port, graph: graph, user: user, password: password, label: label)
    }
}
