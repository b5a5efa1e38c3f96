import MMCat

/// The session's instance category of a schema category: each object with its number of rows,
/// and when the session expires.
struct InstanceAnswer: Encodable {
    var session: String
    var schema: Int64
    var expiresAt: String?
    var objects: [Object]

    struct Object: Encodable {
        var key: Int
        var label: String
        var rows: Int
    }
}
