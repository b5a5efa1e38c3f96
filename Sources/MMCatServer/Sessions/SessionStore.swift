import Foundation
import MMCat

/// The instance categories of the sessions: one per session and schema category, kept in memory
/// and dropped after `idleTimeout` without use.
///
/// A browser is told its session by a cookie, an API client by the `X-MMCat-Session` header; a
/// request without either starts a new session.
///
/// ```swift
/// let sessions = SessionStore(idleTimeout: .seconds(1800))
/// let instance = await sessions.instance(session: "abc", schemaId: 1, schema: schema)
/// ```
public actor SessionStore {
    struct Session {
        var instances: [Int64: InstanceCategory] = [:]
        var lastUsed: ContinuousClock.Instant
        var expiresAt: Date
    }

    public let idleTimeout: Duration
    private var sessions: [String: Session] = [:]

    public init(idleTimeout: Duration) {
        self.idleTimeout = idleTimeout
    }

    /// When the session's data will be dropped if it is not used again; nil for an unknown session.
    public func expiry(of session: String) -> Date? {
        sweep()
        return sessions[session]?.expiresAt
    }

    /// Marks the session as used now, creating it if needed.
    public func touch(_ session: String) {
        sweep()
        var entry = sessions[session] ?? Session(lastUsed: .now, expiresAt: Date())
        entry.lastUsed = .now
        entry.expiresAt = Date().addingTimeInterval(Double(idleTimeout.components.seconds))
        sessions[session] = entry
    }

    /// The session's instance category of schema `schemaId`, if it has one, on `schema` (the
    /// schema category as it is now): an instance built before an edit is rebased onto the edited
    /// category once (``InstanceCategory/rebased(onto:)``), with the keys of the objects whose rows
    /// the edit dropped.
    private func instance(session: String, schemaId: Int64, schema: SchemaCategory) -> (InstanceCategory, [Int])? {
        touch(session)
        guard let instance = sessions[session]?.instances[schemaId] else { return nil }
        guard instance.schema != schema else { return (instance, []) }
        let (rebased, dropped) = instance.rebased(onto: schema)
        sessions[session]?.instances[schemaId] = rebased
        return (rebased, dropped)
    }

    /// Replaces the session's instance category of schema `schemaId` (after a job finished).
    public func store(_ instance: InstanceCategory, session: String, schemaId: Int64) {
        touch(session)
        sessions[session]?.instances[schemaId] = instance
    }

    /// Runs `body` on the session's instance category of schema `schemaId` (on `schema`, the
    /// category as it is now) inside the store, so that readers never share an instance with
    /// another task; nil when the session has none.
    public func read<T: Sendable>(
        session: String, schemaId: Int64, schema: SchemaCategory, _ body: (InstanceCategory) throws -> T
    ) rethrows -> T? {
        guard let (instance, _) = instance(session: session, schemaId: schemaId, schema: schema) else { return nil }
        return try body(instance)
    }

    /// A copy of the session's instance category for a job to change (or a new, empty one), on
    /// `schema`, with the keys of the objects whose rows an edit of the category dropped.
    public func working(session: String, schemaId: Int64, schema: SchemaCategory) -> (
        instance: InstanceCategory, dropped: [Int]
    ) {
        guard let (instance, dropped) = instance(session: session, schemaId: schemaId, schema: schema) else {
            return (InstanceCategory(schema: schema), [])
        }
        return (instance.copy(), dropped)
    }

    /// Drops sessions idle for longer than the timeout.
    private func sweep() {
        let now = ContinuousClock.now
        sessions = sessions.filter { now - $0.value.lastUsed < idleTimeout }
    }
}
