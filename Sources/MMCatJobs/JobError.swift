/// Why the job machinery refused an operation. The API layer decides how it is answered
/// (`APIError.init(_:)`); the jobs layer knows nothing of the protocol above it.
package enum JobError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The job is not in a state that allows it (canceling a finished job).
    case conflict(_ message: String)
    /// The database's family cannot do what was asked, or this server does not know the family.
    case unsupported(_ message: String, field: String? = nil)

    package var description: String {
        switch self {
        case .conflict(let message), .unsupported(let message, _): return message
        }
    }
}
