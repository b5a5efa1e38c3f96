import Foundation
import Logging
import MMCat
import PostgresNIO

/// Where a PostgreSQL database is and how to log in. The password comes from the server's
/// encrypted store and is never written anywhere else.
public struct PostgresSettings: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String?
    public var tls: PostgresTLS

    public init(
        host: String, port: Int = 5432, user: String, database: String, password: String? = nil,
        tls: PostgresTLS = .disable
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.tls = tls
    }

    /// Reads a URL `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...&sslrootcert=...]`
    /// (`postgresql://` too); the password may come from `PGPASSWORD` instead. `name` is what
    /// errors call the URL (`--store`, `--from`).
    public init(url: String, name: String, environment: [String: String]) throws(InputError) {
        guard let components = URLComponents(string: url),
            ["postgres", "postgresql"].contains(components.scheme ?? ""), let host = components.host,
            let user = components.user, components.path.count > 1
        else {
            throw InputError(
                file: name, location: "",
                message: "a PostgreSQL URL looks like postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        let query = components.queryItems ?? []
        self.init(
            host: host, port: components.port ?? 5432, user: user, database: String(components.path.dropFirst()),
            password: components.password ?? environment["PGPASSWORD"],
            tls: try PostgresTLS(
                mode: query.first { $0.name == "sslmode" }?.value,
                rootCertificate: query.first { $0.name == "sslrootcert" }?.value, where: name))
    }

    /// Reads the settings a database was created with (`host`, `port`, `user`, `database`, and
    /// `sslmode` with `sslrootcert`).
    public init(settings: [String: String], password: String?) throws(InputError) {
        guard let host = settings["host"], let user = settings["user"], let database = settings["database"] else {
            throw InputError(
                file: "database", location: "settings", message: "PostgreSQL needs host, user and database")
        }
        guard let port = Int(settings["port"] ?? "5432"), (1...65535).contains(port) else {
            throw InputError(
                file: "database", location: "settings.port", message: "the port must be a number from 1 to 65535")
        }
        let tls = try PostgresTLS(
            mode: settings["sslmode"], rootCertificate: settings["sslrootcert"], where: "settings")
        self.init(host: host, port: port, user: user, database: database, password: password, tls: tls)
    }

    /// The driver's configuration, TLS included.
    public func configuration() throws(InputError) -> PostgresConnection.Configuration {
        .init(
            host: host, port: port, username: user, password: password, database: database,
            tls: try tls.driverSetting())
    }

    /// The server and database, without the password, for messages.
    public var location: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// Opens a connection, runs `body` with it and closes it; connection errors name the server.
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(InputError) -> T {
        let logger = Logger(label: "mmcat.postgres")
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try configuration(), id: 1, logger: logger)
            do {
                let result = try await body(connection)
                try await connection.close()
                return result
            } catch {
                try? await connection.close()
                throw error
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: location, location: "", message: connectionProblem(error))
        }
    }

    /// Why connecting (or a statement) failed: the server's own words when it answered (a wrong
    /// password, a missing database), else the address and what happened to the connection
    /// (refused, reset, timed out, a name that does not resolve) rather than the driver's nested
    /// error values. Anything unrecognised keeps the driver's own description.
    func connectionProblem(_ error: any Error) -> String {
        if let error = error as? PSQLError, error.serverInfo?[.message] != nil { return Self.message(for: error) }
        // PSQLError's own description hides the cause; its message names the underlying error.
        let described = error is PSQLError ? Self.message(for: error) : String(describing: error)
        let lowered = described.lowercased()
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let reasons: [(String, String)] = [
            ("refused", "the connection was refused (is PostgreSQL running on that port?)"),
            ("reset", "the connection was reset (is it a PostgreSQL server, and does it accept TLS as set?)"),
            ("timed out", "no answer in time"), ("timeout", "no answer in time"),
            ("resolve", "the host name cannot be resolved"), ("nodename", "the host name cannot be resolved"),
            ("unreachable", "the host cannot be reached"),
            ("certificate", "its TLS certificate is not trusted (sslmode and sslrootcert)"),
        ]
        for (pattern, reason) in reasons where lowered.contains(pattern) {
            return "\(address): \(reason)"
        }
        return "\(address): \(described)"
    }

    /// What went wrong, in the server's words when it answered, else the connection's.
    public static func message(for error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        // The server's detail names the row (`Key (customer_id)=(99) is not present in table ...`).
        if let message = error.serverInfo?[.message] {
            return error.serverInfo?[.detail].map { "\(message) (\($0))" } ?? message
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// Connects and runs `SELECT 1`: "test connection".
    public func test() async throws(InputError) {
        try await withConnection { connection in
            _ = try await connection.simpleQuery("SELECT 1").get()
        }
    }
}

/// Runs a PostgreSQL model statement by statement (split as `psql` splits them) inside the
/// script's own BEGIN/COMMIT; on a failure the transaction is rolled back, so nothing is written.
public struct PostgresModelExecutor: ModelExecutor {
    public let settings: PostgresSettings
    public let table: String

    public init(settings: PostgresSettings, table: String) {
        self.settings = settings
        self.table = table
    }

    public func execute(_ script: [UInt8]) async throws(InputError) -> Int {
        let quoted = "\"" + table.doubling("\"") + "\""
        let logger = Logger(label: "mmcat.postgres")
        return try await settings.withConnection { connection in
            do {
                for statement in SQLStatementSplitter.split(String(decoding: script, as: UTF8.self)) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(quoted)"), logger: logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }
}
