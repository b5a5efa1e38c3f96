import MMCat
import MMCatStore

/// A database as the API shows it. Its password never leaves the server: `hasPassword` says
/// whether one is set, and a setting named like a password is never sent either.
struct DatabaseAnswer: Encodable {
    var id: Int64
    var label: String
    var type: String
    /// The settings, by name in sorted order.
    var settings: JSONValue
    var hasPassword: Bool

    init(_ stored: StoredDatabase) {
        id = stored.id
        label = stored.label
        type = stored.type
        settings = .object(
            stored.settings.filter { !$0.key.lowercased().contains("password") }.sorted { $0.key < $1.key }
                .map { JSONMember($0.key, .string($0.value)) })
        hasPassword = stored.sealedPassword != nil
    }
}
