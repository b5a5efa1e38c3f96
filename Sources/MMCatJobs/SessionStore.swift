import Foundation
import MMCat
import MMCatStore

/// The instance categories of the sessions: one per session and schema category, kept in memory
/// and dropped after `idleTimeout` without use. With `files`, the instance categories that jobs
/// saved survive a restart: a session's are read back the first time it asks for them.
///
/// Together they stay within `memoryLimit` bytes (as ``InstanceCategory/estimatedBytes`` weighs
/// them): when a new instance would pass it, the least recently used sessions' instances leave
/// memory first. Every import saved its instance to a file before the session got it, so a session
/// whose instances left memory finds them again, read back, on its next request.
///
/// A browser is told its session by a cookie, an API client by the `X-MMCat-Session` header; a
/// request without either starts a new session.
///
/// ```swift
/// // given: schema: SchemaCategory
/// let sessions = SessionStore(idleTimeout: .seconds(1800), files: try InstanceFiles(dataDirectory: ".mmcat"))
/// let rows = await sessions.read(session: "abc", schemaId: 1, schema: schema) { $0.objects[0].liveRowCount }
/// ```
package actor SessionStore {
    struct Session {
        var instances: [Int64: InstanceCategory] = [:]
        /// The estimated bytes of each instance in memory.
        var sizes: [Int64: Int] = [:]
        var lastUsed: ContinuousClock.Instant
        var expiresAt: Date
        /// When the session's files were last marked as used (at most once a minute).
        var filesTouched: ContinuousClock.Instant
        /// The schema categories whose saved instance was looked for already (found or not).
        var looked: Set<Int64> = []
        /// The name a person gave the session, if any.
        var name: String?
    }

    package let idleTimeout: Duration
    /// The most bytes all instance categories may hold together; nil for no limit.
    package nonisolated let memoryLimit: Int?
    /// Where jobs save instance categories for a restart; nil keeps them in memory only.
    nonisolated let files: InstanceFiles?
    private var sessions: [String: Session] = [:]
    private let log: @Sendable (String) -> Void
    /// When the files of sessions not seen since the last restart were last swept.
    private var filesSwept = ContinuousClock.now
    /// Saved instances being read, so that requests arriving meanwhile wait for the same read.
    private var loading: [String: Task<InstanceCategory?, Never>] = [:]

    package init(
        idleTimeout: Duration, memoryLimit: Int? = nil, files: InstanceFiles? = nil,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.idleTimeout = idleTimeout
        self.memoryLimit = memoryLimit
        self.files = files
        self.log = log
        files?.sweep(idle: idleTimeout)
    }

    /// When the session's data will be dropped if it is not used again; nil for an unknown session.
    package func expiry(of session: String) -> Date? {
        sweep()
        return sessions[session]?.expiresAt
    }

    /// The session's name, if someone gave it one.
    package func name(of session: String) -> String? {
        sessions[session]?.name
    }

    /// The names of the sessions that have one.
    package func names() -> [String: String] {
        sessions.compactMapValues(\.name)
    }

    /// Names the session (nil removes the name), creating it if needed; the name lasts as long
    /// as the session.
    package func setName(_ name: String?, of session: String) {
        touch(session)
        sessions[session]?.name = name
    }

    /// How many rows the session's instance categories in memory hold, all objects together.
    package func rowCount(of session: String) -> Int {
        sessions[session]?.instances.values.reduce(0) { total, instance in
            total + instance.objects.reduce(0) { $0 + $1.liveRowCount }
        } ?? 0
    }

    /// Marks the session as used now, creating it if needed.
    package func touch(_ session: String) {
        sweep()
        var entry = sessions[session] ?? Session(lastUsed: .now, expiresAt: Date(), filesTouched: .now)
        entry.lastUsed = .now
        entry.expiresAt = Date().addingTimeInterval(Double(idleTimeout.components.seconds))
        if let files, entry.lastUsed - entry.filesTouched > .seconds(60) {
            files.touch(session: session, schemaIds: entry.instances.keys)
            entry.filesTouched = entry.lastUsed
        }
        sessions[session] = entry
    }

    /// The session's instance category of schema `schemaId`, if it has one, on `schema` (the
    /// schema category as it is now): an instance built before an edit is rebased onto the edited
    /// category once (``InstanceCategory/rebased(onto:)``), with the keys of the objects whose rows
    /// the edit dropped.
    private func instance(session: String, schemaId: Int64, schema: SchemaCategory) async -> (InstanceCategory, [Int])?
    {
        touch(session)
        if let files, sessions[session]?.instances[schemaId] == nil,
            sessions[session]?.looked.contains(schemaId) == false
        {
            // Reading a large snapshot takes a second or two: on a worker thread, not in the actor.
            let key = "\(schemaId) \(session)"
            let task =
                loading[key]
                ?? Task { [log] in
                    try? await Offload.run { files.load(session: session, schemaId: schemaId, log: log) }
                }
            loading[key] = task
            let saved = await task.value
            loading[key] = nil
            sessions[session]?.looked.insert(schemaId)
            // A job may have stored a newer instance meanwhile; that one wins.
            if let saved, sessions[session]?.instances[schemaId] == nil {
                keep(saved, session: session, schemaId: schemaId)
            }
        }
        guard let instance = sessions[session]?.instances[schemaId] else { return nil }
        guard instance.schema != schema else { return (instance, []) }
        let (rebased, dropped) = instance.rebased(onto: schema)
        keep(rebased, session: session, schemaId: schemaId)
        return (rebased, dropped)
    }

    /// Replaces the session's instance category of schema `schemaId` (after a job finished).
    package func store(_ instance: InstanceCategory, session: String, schemaId: Int64) {
        touch(session)
        keep(instance, session: session, schemaId: schemaId)
    }

    /// The estimated bytes of every instance category in memory.
    package var bytesInMemory: Int {
        sessions.values.reduce(0) { total, entry in entry.sizes.values.reduce(total, +) }
    }

    /// Puts `instance` in the session's memory, then makes room under the limit by taking the
    /// instances of other sessions, least recently used first, out of memory.
    private func keep(_ instance: InstanceCategory, session: String, schemaId: Int64) {
        sessions[session]?.instances[schemaId] = instance
        sessions[session]?.sizes[schemaId] = instance.estimatedBytes
        guard let memoryLimit else { return }
        var total = bytesInMemory
        guard total > memoryLimit else { return }
        let others = sessions.filter { $0.key != session && !$0.value.instances.isEmpty }
            .sorted { $0.value.lastUsed < $1.value.lastUsed }
        // glibc keeps freed memory for later allocations; trimming gives it back to the system,
        // so that the limit shows in the process's resident size.
        defer { releaseFreedMemory() }
        for (other, entry) in others where total > memoryLimit {
            let freed = entry.sizes.values.reduce(0, +)
            total -= freed
            sessions[other]?.instances = [:]
            sessions[other]?.sizes = [:]
            // Its instances are read back from their files when it returns.
            sessions[other]?.looked = []
            log(
                "memory limit: a session's instance categories (\(freed >> 20) MiB) left memory"
                    + (files == nil ? " and are lost (no data folder)" : "; they are read back when it returns"))
        }
    }

    /// Runs `body` on the session's instance category of schema `schemaId` (on `schema`, the
    /// category as it is now) inside the store, so that readers never share an instance with
    /// another task; nil when the session has none.
    package func read<T: Sendable>(
        session: String, schemaId: Int64, schema: SchemaCategory, _ body: (InstanceCategory) throws -> T
    ) async rethrows -> T? {
        guard let (instance, _) = await instance(session: session, schemaId: schemaId, schema: schema) else {
            return nil
        }
        return try body(instance)
    }

    /// A copy of the session's instance category for a job to change (or a new, empty one), on
    /// `schema`, with the keys of the objects whose rows an edit of the category dropped.
    package func working(session: String, schemaId: Int64, schema: SchemaCategory) async -> (
        instance: InstanceCategory, dropped: [Int]
    ) {
        guard let (instance, dropped) = await instance(session: session, schemaId: schemaId, schema: schema) else {
            return (InstanceCategory(schema: schema), [])
        }
        return (instance.copy(), dropped)
    }

    private func releaseFreedMemory() {
        Self.mallocTrim?(0)
    }

    /// glibc's `malloc_trim`, found at run time (its header is not in Swift's Glibc module); nil
    /// on other C libraries.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    /// Drops sessions idle for longer than the timeout.
    private func sweep() {
        let now = ContinuousClock.now
        for (session, entry) in sessions where now - entry.lastUsed >= idleTimeout {
            sessions[session] = nil
            files?.remove(session: session)
        }
        // Sessions saved before a restart and never asked for again expire by their files' age.
        if let files, now - filesSwept > .seconds(600) {
            filesSwept = now
            files.sweep(idle: idleTimeout)
        }
    }
}
