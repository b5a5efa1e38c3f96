/// A database as a family opens it: its checked settings, its password (decrypted on the
/// server, never sent anywhere) and the way its paths are allowed.
///
/// The server builds one per use, with a `resolvePath` that keeps files inside its allowed
/// folders; the CLI, which runs with the user's own rights, resolves paths as given.
///
/// ```swift
/// let access = DatabaseAccess(label: "shop", settings: ["path": "/srv/shop.sqlite"])
/// let source = try SQLiteFamily().openKind("customer", in: access)
/// ```
public struct DatabaseAccess: Sendable {
    /// The database's name in messages (its label).
    public var label: String
    public var settings: [String: String]
    public var password: String?
    private let resolvePath: @Sendable (_ path: String, _ setting: String) throws(InputError) -> String

    public init(
        label: String, settings: [String: String], password: String? = nil,
        resolvePath: @escaping @Sendable (_ path: String, _ setting: String) throws(InputError) -> String = {
            path, _ in path
        }
    ) {
        self.label = label
        self.settings = settings
        self.password = password
        self.resolvePath = resolvePath
    }

    /// The value of `setting`, empty when it is not set.
    public subscript(_ setting: String) -> String { settings[setting] ?? "" }

    /// The allowed, resolved form of the path in `setting`, or an error naming the setting.
    public func path(_ setting: String) throws(InputError) -> String {
        try resolvePath(settings[setting] ?? "", "settings.\(setting)")
    }
}
