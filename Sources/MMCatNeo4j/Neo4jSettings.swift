import BoltClient
import MMCat

/// Where a Neo4j database is and how to log in: the settings of a database of the Neo4j family,
/// checked once. The URI is `bolt://HOST[:PORT]` or `neo4j://HOST[:PORT]` (port 7687 by
/// default); a `neo4j://` URI is connected to directly, without asking a cluster for its routing
/// table. TLS schemes (`bolt+s`, `neo4j+s`, `+ssc`) are refused: this client speaks plain Bolt,
/// for a server on the same host or a trusted network. A user or password inside the URI is
/// refused too: the password belongs in its sealed setting.
///
/// ```swift
/// let access = DatabaseAccess(label: "graph", settings: ["uri": "bolt://127.0.0.1:7687", "user": "neo4j"], password: "secret")
/// let session = try Neo4jSettings(access).connect()
/// ```
public struct Neo4jSettings: Sendable {
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    /// The database on a server that holds several; nil for the server's default.
    public var database: String?
    /// The database's name in messages.
    public var label: String

    /// The settings of `database`; an error names a missing or wrong one.
    public init(_ database: DatabaseAccess) throws(InputError) {
        let uri = database["uri"]
        guard !uri.isEmpty else {
            throw InputError(
                file: database.label, location: "uri",
                message:
                    "set the Bolt URI (bolt://HOST:PORT) to read from this database or run models on it; without it, models for it are only written"
            )
        }
        (host, port) = try Self.parse(uri, label: database.label)
        user = database["user"].isEmpty ? nil : database["user"]
        password = database.password
        self.database = database["database"].isEmpty ? nil : database["database"]
        label = database.label
    }

    /// The host and port of a Bolt URI; an error says what a URI looks like. The URI is taken
    /// apart byte by byte, so that no combining mark can hide a separator.
    static func parse(_ uri: String, label: String) throws(InputError) -> (host: String, port: Int) {
        let shape = "a Bolt URI looks like bolt://HOST[:PORT] or neo4j://HOST[:PORT]"
        let bytes = Array(uri.utf8)
        guard let separator = bytes.firstRange(of: Array("://".utf8)) else {
            throw InputError(file: label, location: "uri", message: shape)
        }
        let scheme = String(decoding: bytes[..<separator.lowerBound], as: UTF8.self)
        var rest = bytes[separator.upperBound...]
        if scheme.containsASCII("+") {
            throw InputError(
                file: label, location: "uri",
                message:
                    "\(scheme):// is Bolt over TLS, which mmcat does not speak yet; use bolt:// to a server on this host or a trusted network"
            )
        }
        guard scheme == "bolt" || scheme == "neo4j" else {
            throw InputError(file: label, location: "uri", message: "\(shape), not \(scheme)://")
        }
        if rest.last == UInt8(ascii: "/") { rest = rest.dropLast() }
        guard !rest.contains(UInt8(ascii: "@")) else {
            throw InputError(
                file: label, location: "uri",
                message: "put the user in the user setting and the password in the password setting, not in the URI")
        }
        guard !rest.contains(UInt8(ascii: "/")), !rest.contains(UInt8(ascii: "?")) else {
            throw InputError(
                file: label, location: "uri", message: "\(shape); name the database in the database setting")
        }
        var host = rest
        var portText: ArraySlice<UInt8>?
        if rest.first == UInt8(ascii: "["), let bracket = rest.firstIndex(of: UInt8(ascii: "]")) {
            host = rest[(rest.startIndex + 1)..<bracket]
            let after = rest[(bracket + 1)...]
            if !after.isEmpty {
                guard after.first == UInt8(ascii: ":") else {
                    throw InputError(file: label, location: "uri", message: shape)
                }
                portText = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: UInt8(ascii: ":")) {
            host = rest[..<colon]
            portText = rest[(colon + 1)...]
        }
        var port = 7687
        if let portText {
            guard let number = Int(String(decoding: portText, as: UTF8.self)) else {
                throw InputError(file: label, location: "uri", message: "the port is not a number")
            }
            port = number
        }
        guard !host.isEmpty else {
            throw InputError(file: label, location: "uri", message: "\(shape): the host is missing")
        }
        guard (1...65535).contains(port) else {
            throw InputError(file: label, location: "uri", message: "a port is a number from 1 to 65535")
        }
        return (String(decoding: host, as: UTF8.self), port)
    }

    /// A session with the database, logged in.
    public func connect() throws(InputError) -> BoltSession {
        do {
            return BoltSession(
                connection: try BoltConnection(host: host, port: port, user: user, password: password),
                database: database, label: label)
        } catch {
            let location = error.code.contains("Security") || error.code.contains("Unauthorized") ? "password" : "uri"
            throw InputError(file: label, location: location, message: error.message)
        }
    }
}
