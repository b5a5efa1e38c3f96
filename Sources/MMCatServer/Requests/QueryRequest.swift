/// The body of `POST /schemas/{id}/query`: the query, where its data comes from (`session`, the
/// caller's session's instance category, by default; `databases`, the databases of the schema's
/// mappings, read for the query), and which page of the documents to answer.
struct QueryRequest: APIRequest {
    enum Source: String, Decodable {
        case session
        case databases
    }

    var query: String
    var source: Source?
    var page: Int?
    var size: Int?

    static let fieldMessages = [
        "query": "the query must be a string", "source": "source must be \"session\" or \"databases\"",
        "page": "page must be a whole number", "size": "size must be a whole number",
    ]
    static let members: Set<String>? = ["query", "source", "page", "size"]
}
