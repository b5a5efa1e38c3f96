import MMCatStore

/// The body of `POST /jobs`: a name, what the job does, and its mapping.
struct JobRequest: APIRequest {
    var name: String
    var type: JobType
    var mapping: Int64

    static let fieldMessages = [
        "name": "a job needs a name", "type": "type must be ModelToCategory or CategoryToModel",
        "mapping": "mapping must be the id of a mapping",
    ]
    static let members: Set<String>? = ["name", "type", "mapping"]
}

/// The body of `POST /jobs/{id}/cancel`, which may be empty: why the job is canceled.
struct CancelRequest: APIRequest {
    var reason: String?

    static let fieldMessages = ["reason": "the reason must be a string"]
}
