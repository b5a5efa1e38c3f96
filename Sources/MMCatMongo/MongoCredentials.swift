/// A MongoDB user, its password and the database that holds the user (`admin` unless told). The
/// driver logs in with them (SCRAM-SHA-256 where the server offers it).
public struct MongoCredentials: Sendable {
    public var user: String
    public var password: String
    public var source: String

    public init(user: String, password: String, source: String = "admin") {
        self.user = user
        self.password = password
        self.source = source
    }
}
