/// The body of `PATCH /session`: the session's new name, or null to remove it.
struct SessionRequest: APIRequest {
    var name: String?

    static let fieldMessages = ["name": "the name must be a string or null"]
    static let members: Set<String>? = ["name"]
}

/// The body of `POST /session/join`: the job whose session the caller joins.
struct JoinRequest: APIRequest {
    var job: Int64

    static let fieldMessages = ["job": "job must be the id of a job"]
    static let members: Set<String>? = ["job"]
}
