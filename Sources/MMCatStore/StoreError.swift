/// Why the metadata store refused or failed an operation. The API layer decides how each case is
/// answered (`APIError.init(_:)`); the store knows nothing of the protocol above it.
package enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The record does not exist (`what` names it: "job 7").
    case notFound(_ what: String)
    /// The operation conflicts with the stored state (a mapping still uses the database).
    case conflict(_ message: String, field: String? = nil)
    /// The request itself is wrong (a malformed store URL).
    case invalid(_ message: String, field: String? = nil)
    /// The store cannot be reached.
    case unavailable(_ message: String)
    /// A stored value is not one this server can read (a job status it does not know, a column
    /// of an unexpected type): the store was written by another version, or edited by hand.
    case corrupt(_ message: String)
    /// The store or the password key failed (a disk error, a key that cannot decrypt).
    case failure(_ code: String, _ message: String)

    package var description: String {
        switch self {
        case .notFound(let what): return "\(what) does not exist"
        case .conflict(let message, _), .invalid(let message, _), .unavailable(let message), .corrupt(let message),
            .failure(_, let message):
            return message
        }
    }
}
