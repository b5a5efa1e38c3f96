import Foundation
import MMCatStore

/// `GET /session`: the caller's session as a page shows it: a short tag (never the session's id,
/// which is a bearer secret: whoever has it sees the session's instance category) and when the
/// session's instance category is dropped if it stays idle, with the name a person gave it and
/// how many rows it holds.
struct SessionAnswer: Encodable {
    var tag: String
    /// The name a person gave the session, if any.
    var name: String?
    var expiresAt: String?
    /// How many rows its instance categories hold, all objects together.
    var rows: Int

    /// Eight hex digits of the SHA-256 of a session's id: enough to tell sessions apart on a
    /// page, useless to take one over.
    static func tag(_ session: String) -> String {
        String(SHA256.hex(Array(session.utf8)).prefix(8))
    }
}
