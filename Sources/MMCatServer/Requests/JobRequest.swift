import MMCatStore

/// The body of `POST /jobs`: a name, what the job does, and its mapping (one kind) or mappings
/// (several kinds in one job: a whole database).
struct JobRequest: APIRequest {
    var name: String
    var type: JobType
    var mapping: Int64?
    var mappings: [Int64]?

    static let fieldMessages = [
        "name": "a job needs a name", "type": "type must be ModelToCategory or CategoryToModel",
        "mapping": "mapping must be the id of a mapping", "mappings": "mappings must be a list of mapping ids",
    ]
    static let members: Set<String>? = ["name", "type", "mapping", "mappings"]

    /// The job's mappings: `mapping` or `mappings`, exactly one of them.
    func mappingIds() throws(APIError) -> [Int64] {
        switch (mapping, mappings) {
        case (let one?, nil): return [one]
        case (nil, let several?) where !several.isEmpty: return several
        case (nil, _):
            throw APIError.invalid("a job needs a mapping, or a non-empty list of mappings", field: "mappings")
        case (_?, _?): throw APIError.invalid("give mapping or mappings, not both", field: "mappings")
        }
    }
}

/// The body of `POST /jobs/{id}/cancel`, which may be empty: why the job is canceled.
struct CancelRequest: APIRequest {
    var reason: String?

    static let fieldMessages = ["reason": "the reason must be a string"]
}
