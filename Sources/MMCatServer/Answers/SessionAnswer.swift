import Foundation
import MMCatStore

/// `GET /session`: the caller's session as a page shows it: a short tag (never the session's id,
/// which is a bearer secret: whoever has it sees the session's instance category) and when the
/// session's instance category is dropped if it stays idle.
struct SessionAnswer: Encodable {
    var tag: String
    var expiresAt: String?

    /// Eight hex digits of the SHA-256 of a session's id: enough to tell sessions apart on a
    /// page, useless to take one over.
    static func tag(_ session: String) -> String {
        String(SHA256.hex(Array(session.utf8)).prefix(8))
    }
}
