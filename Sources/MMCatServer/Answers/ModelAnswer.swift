import MMCatStore

/// The model of a job: the script its Category to Model run wrote, with its target, the
/// extension of its download and its SHA-256.
struct ModelAnswer: Encodable {
    var job: Int64
    var target: String
    var `extension`: String
    var sha256: String
    var text: String
}
