/// The members of a mapping's body that are the server's: the schema category it is over and
/// the database its kind lives in. The mapping itself (its JSON form, or `text` in the
/// notation) is read from the same body by the core's decoders, which name every problem.
struct MappingRequest: APIRequest {
    var schema: Int64
    var database: Int64
    var name: String?
    var text: String?

    static let fieldMessages = [
        "schema": "schema must be the id of a schema category", "database": "database must be the id of a database",
        "name": "the name must be a string", "text": "text must be a mapping in the text notation",
    ]
}
