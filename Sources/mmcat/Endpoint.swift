import Foundation
import MMCat
import MMCatFamilies
import MMCatPostgres

/// A database named on the command line, as its family and the access the family opens it by:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...]` (the password may come from
/// `PGPASSWORD`), `mongodb://[USER:PASSWORD@]HOST[:PORT]/DATABASE`,
/// `falkordb://[USER:PASSWORD@]HOST[:PORT]/GRAPH` (or `FALKORDB_PASSWORD`),
/// `bolt://[USER[:PASSWORD]@]HOST[:PORT][/DATABASE]` (or `NEO4J_PASSWORD`), a folder (of JSON, JSON Lines
/// and CSV files), one such file (a folder of one kind), or an SQLite file. A target that does not
/// exist yet says what it will be: `DIR/` a folder (made here), `FILE.sqlite` (or `.sqlite3`,
/// `.db`) an SQLite file; anything else is refused rather than guessed. The command line runs
/// with the user's own rights, so paths are used as given.
///
/// ```swift
/// let source = try Endpoint("postgres://app@db/shop", option: "--from")
/// let catalog = try source.family.catalog(source.access)
/// ```
struct Endpoint {
    let family: any DatabaseFamily
    let access: DatabaseAccess
    /// The text the user gave, for messages (a URL's password is not in it).
    let name: String
    /// For a single JSON, JSON Lines or CSV file: its kind, the only one the endpoint has.
    var onlyKind: String?

    /// The endpoint as a source of inference (a single file has its one kind).
    var inferenceSource: DatabaseInference.Source {
        DatabaseInference.Source(family: family, access: access, name: name, kinds: onlyKind.map { [$0] })
    }

    init(_ text: String, option: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let family = { (name: String) in Families.all.first { $0.name == name }! }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            let parsed = try PostgresSettings(url: text, name: option, environment: environment)
            var settings = [
                "host": parsed.host, "port": String(parsed.port), "user": parsed.user, "database": parsed.database,
            ]
            switch parsed.tls {
            case .disable: settings["sslmode"] = "disable"
            case .require: settings["sslmode"] = "require"
            case .verifyFull(let root):
                settings["sslmode"] = "verify-full"
                settings["sslrootcert"] = root
            }
            self.init(
                family: family("postgresql"), settings: settings, password: parsed.password, name: parsed.location)
        } else if text.hasPrefix("mongodb://") {
            guard let url = URLComponents(string: text), let host = url.host, url.path.count > 1 else {
                throw InputError(
                    file: option, location: "",
                    message: "a MongoDB URL looks like mongodb://[USER:PASSWORD@]HOST[:PORT]/DATABASE")
            }
            var settings = [
                "uri": "mongodb://\(host)\(url.port.map { ":\($0)" } ?? "")", "database": String(url.path.dropFirst()),
            ]
            if let user = url.user { settings["user"] = user }
            self.init(family: family("mongodb"), settings: settings, password: url.password, name: settings["uri"]!)
        } else if text.hasPrefix("falkordb://") {
            // falkordb://[USER:PASSWORD@]HOST[:PORT]/GRAPH; the password may come from
            // FALKORDB_PASSWORD instead, so that it stays out of the process list.
            guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty, url.path.count > 1 else {
                throw InputError(
                    file: option, location: "",
                    message: "a FalkorDB URL looks like falkordb://[USER:PASSWORD@]HOST[:PORT]/GRAPH")
            }
            var settings = ["host": host, "graph": String(url.path.dropFirst()), "port": String(url.port ?? 6379)]
            if let user = url.user, !user.isEmpty { settings["user"] = user }
            let password = url.password ?? environment["FALKORDB_PASSWORD"]
            self.init(
                family: family("falkordb"), settings: settings, password: password,
                name: "falkordb://\(host):\(settings["port"]!)/\(settings["graph"]!)")
        } else if text.hasPrefix("bolt://") || text.hasPrefix("neo4j://") {
            // bolt://[USER[:PASSWORD]@]HOST[:PORT][/DATABASE] (Neo4j, or any Bolt server); the
            // password may come from NEO4J_PASSWORD instead, so that it stays out of the process list.
            guard let url = URLComponents(string: text), let scheme = url.scheme, let host = url.host, !host.isEmpty
            else {
                throw InputError(
                    file: option, location: "",
                    message: "a Bolt URL looks like bolt://[USER[:PASSWORD]@]HOST[:PORT][/DATABASE]")
            }
            let address = host.contains(":") ? "[\(host)]" : host
            var settings = ["uri": "\(scheme)://\(address):\(url.port ?? 7687)"]
            if let user = url.user, !user.isEmpty { settings["user"] = user }
            if url.path.count > 1 { settings["database"] = String(url.path.dropFirst()) }
            let password = url.password ?? environment["NEO4J_PASSWORD"]
            self.init(
                family: family("neo4j"), settings: settings, password: password,
                name: settings["uri"]! + (settings["database"].map { "/\($0)" } ?? ""))
        } else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: text, isDirectory: &isFolder)
            let document = [".json", ".jsonl", ".csv"].first { text.hasSuffix($0) }
            let sqlite = [".sqlite", ".sqlite3", ".db"].contains { text.hasSuffix($0) }
            if !exists && !sqlite && document == nil {
                // A new database is named by what it will be: `out/` a folder, `out.sqlite` a file.
                guard option != "--from" else {
                    throw InputError(file: text, location: "", message: "there is no such file or folder")
                }
                guard text.hasSuffix("/") else {
                    throw InputError(
                        file: text, location: "",
                        message:
                            "it does not exist yet: end it with / for a folder of JSON Lines files, or with .sqlite for an SQLite file"
                    )
                }
                do {
                    try FileManager.default.createDirectory(atPath: text, withIntermediateDirectories: true)
                } catch {
                    throw InputError(file: text, location: "", message: "the folder cannot be made")
                }
                self.init(family: family("files"), settings: ["folder": text], password: nil, name: text)
            } else if exists && isFolder.boolValue {
                self.init(family: family("files"), settings: ["folder": text], password: nil, name: text)
            } else if let document {
                let url = URL(fileURLWithPath: text)
                self.init(
                    family: family("files"), settings: ["folder": url.deletingLastPathComponent().path], password: nil,
                    name: text)
                onlyKind = String(url.lastPathComponent.dropLast(document.count))
            } else {
                self.init(family: family("sqlite"), settings: ["path": text], password: nil, name: text)
            }
        }
        do {
            try self.family.checkSettings(access.settings)
        } catch {
            throw InputError(file: option, location: error.setting ?? "", message: error.message)
        }
    }

    private init(family: any DatabaseFamily, settings: [String: String], password: String?, name: String) {
        self.family = family
        self.access = DatabaseAccess(label: name, settings: settings, password: password)
        self.name = name
    }
}
