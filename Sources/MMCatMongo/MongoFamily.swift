import MMCat

/// A MongoDB database (or a compatible server): each collection a kind of nested documents.
/// Models are scripts for `mongosh`, which the server runs through the driver.
public struct MongoFamily: DatabaseFamily {
    public let name = "mongodb"
    public let title = "MongoDB"
    public let settings = [
        DatabaseSetting(name: "uri", label: "URI (TLS: ?tls=true&tlsCAFile=…)", example: "mongodb://127.0.0.1:27017"),
        DatabaseSetting(name: "database", label: "Database", example: "shop"),
        DatabaseSetting(name: "user", label: "User (optional)", required: false),
        DatabaseSetting(name: "authSource", label: "User's database", required: false, example: "admin"),
        DatabaseSetting(name: "password", label: "Password", kind: .secret, required: false),
    ]
    public let kindsAreFlat = false
    public let printer: any ModelPrinter = MongoDBPrinter()

    public init() {}

    /// A MongoDB URI may carry hosts and options, never credentials: a password there would be
    /// stored and shown in plain text. `user` and `password` are separate settings for that.
    public func checkSettings(_ settings: [String: String]) throws(DatabaseError) {
        let uri = settings["uri"] ?? ""
        guard uri.hasPrefix("mongodb://") || uri.hasPrefix("mongodb+srv://") else {
            throw DatabaseError("the URI must start with mongodb:// or mongodb+srv://", setting: "settings.uri")
        }
        let rest = uri.drop(while: { $0 != "/" }).dropFirst(2)
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" })
        if authority.containsASCII("@") {
            throw DatabaseError(
                "the URI must not carry a user or password: give them as settings.user and settings.password, where the password is stored sealed",
                setting: "settings.uri")
        }
        let options = uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        for option in options.split(whereSeparator: { $0 == "&" || $0 == ";" }) {
            let name = option.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            if name.lowercased().contains("password") {
                throw DatabaseError(
                    "the URI must not carry a password (\(name)); it would be stored in plain text",
                    setting: "settings.uri")
            }
        }
    }

    public var readsKinds: Bool { true }

    public func openKind(_ kind: String, in database: DatabaseAccess) throws(InputError) -> any RecordSource {
        try MongoCollectionSource(
            connection: MongoConnection(
                uri: database["uri"], database: database["database"], credentials: credentials(database)),
            collection: kind)
    }

    /// Only the fields asked for (a projection) of the documents that may match (a filter).
    public func openKind(_ kind: String, in database: DatabaseAccess, reading read: KindRead) throws(InputError)
        -> any RecordSource
    {
        try MongoCollectionSource(
            connection: MongoConnection(
                uri: database["uri"], database: database["database"], credentials: credentials(database)),
            collection: kind, filter: MongoRead.filter(read), fields: MongoRead.projection(read))
    }

    public var executesModels: Bool { true }

    public func executor(kind: String, in database: DatabaseAccess) throws(DatabaseError) -> any ModelExecutor {
        MongoModelExecutor(uri: database["uri"], database: database["database"], credentials: credentials(database))
    }

    /// The database's collections, by name (system collections left out).
    public func kinds(_ database: DatabaseAccess) throws(DatabaseError) -> [String] {
        do {
            let connection = try MongoConnection(
                uri: database["uri"], database: database["database"], credentials: credentials(database))
            let reply = try connection.command([
                JSONMember("listCollections", .number("1")), JSONMember("nameOnly", .bool(true)),
            ])
            let names = reply["cursor"]?["firstBatch"]?.arrayElements?.compactMap { $0["name"]?.scalarText } ?? []
            return names.filter { !$0.hasPrefix("system.") }.sorted()
        } catch {
            throw DatabaseError(error)
        }
    }

    /// Connecting logs in and pings the server.
    public func testConnection(_ database: DatabaseAccess) async throws(DatabaseError) {
        do {
            _ = try MongoConnection(
                uri: database["uri"], database: database["database"], credentials: credentials(database))
        } catch {
            throw DatabaseError(error)
        }
    }

    /// The user (`user`, in `authSource` or `admin`) and the password, when a user is set.
    func credentials(_ database: DatabaseAccess) -> MongoCredentials? {
        let user = database["user"]
        guard !user.isEmpty else { return nil }
        let source = database["authSource"]
        return MongoCredentials(
            user: user, password: database.password ?? "", source: source.isEmpty ? "admin" : source)
    }
}
