import Foundation
import GRDB
import MMCat

extension MetadataStore {
    public func jobs() throws -> [StoredJob] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM job ORDER BY id").map(StoredJob.init(row:)) }
    }

    public func job(_ id: Int64) throws -> StoredJob {
        try read { db in try Self.job(db, id) }
    }

    /// A job and, while it is queued, its place in the queue (1 runs next).
    public func jobWithQueuePosition(_ id: Int64) throws -> (StoredJob, Int?) {
        try read { db in
            let job = try Self.job(db, id)
            guard job.status == .queued, let order = job.queueOrder else { return (job, nil) }
            let ahead =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM job WHERE status = ? AND queue_order < ?",
                    arguments: [JobStatus.queued.rawValue, order]) ?? 0
            return (job, ahead + 1)
        }
    }

    private static func job(_ db: Database, _ id: Int64) throws -> StoredJob {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]) else {
            throw APIError.notFound("job \(id)")
        }
        return StoredJob(row: row)
    }

    public func createJob(name: String, type: JobType, mapping: Int64) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO job (name, type, mapping_id, status, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, type.rawValue, mapping, JobStatus.ready.rawValue, Date().timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// Deletes a job that is not running, with its model.
    public func deleteJob(_ id: Int64) throws {
        try write { db in
            let job = try Self.job(db, id)
            if job.status == .running {
                throw APIError.conflict("job \(id) is running; cancel it first, then delete it")
            }
            try db.execute(sql: "DELETE FROM model WHERE job_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM job WHERE id = ?", arguments: [id])
        }
    }

    /// Puts a Ready, Finished or Canceled job at the end of the queue, for `session`.
    public func enqueueJob(_ id: Int64, session: String) throws -> StoredJob {
        try write { db in
            let job = try Self.job(db, id)
            guard job.status != .running && job.status != .queued else {
                throw APIError.conflict("job \(id) is already \(job.status.rawValue.lowercased())")
            }
            let next = (try Int64.fetchOne(db, sql: "SELECT MAX(queue_order) FROM job") ?? 0) + 1
            try db.execute(
                sql: """
                    UPDATE job SET status = ?, queue_order = ?, session = ?, outcome = NULL, reason = NULL
                    WHERE id = ?
                    """, arguments: [JobStatus.queued.rawValue, next, session, id])
            return try Self.job(db, id)
        }
    }

    /// The queued job that was queued first, now marked Running; nil when the queue is empty.
    func claimNextJob() throws -> StoredJob? {
        try write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM job WHERE status = ? ORDER BY queue_order LIMIT 1",
                    arguments: [JobStatus.queued.rawValue])
            else { return nil }
            try db.execute(
                sql: """
                    UPDATE job SET status = ?, started_at = ?, ended_at = NULL, records_read = NULL,
                    records_written = NULL, records_rejected = NULL, log = '' WHERE id = ?
                    """, arguments: [JobStatus.running.rawValue, Date().timeIntervalSince1970, id])
            return try Self.job(db, id)
        }
    }

    /// Records the end of a run: Finished, or Canceled with an outcome (`error`, `canceled`) and reason.
    func endJob(
        _ id: Int64, status: JobStatus, outcome: String? = nil, reason: String? = nil, counts: JobCounts,
        log: String
    ) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE job SET status = ?, outcome = ?, reason = ?, ended_at = ?, records_read = ?,
                    records_written = ?, records_rejected = ?, log = ?, queue_order = NULL WHERE id = ?
                    """,
                arguments: [
                    status.rawValue, outcome, reason, Date().timeIntervalSince1970, counts.read, counts.written,
                    counts.rejected, log, id,
                ])
        }
    }

    /// Cancels a queued job before it runs; false when it is not queued.
    func cancelQueuedJob(_ id: Int64, reason: String) throws -> Bool {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE job SET status = ?, outcome = 'canceled', reason = ?, ended_at = ?, queue_order = NULL
                    WHERE id = ? AND status = ?
                    """,
                arguments: [
                    JobStatus.canceled.rawValue, reason, Date().timeIntervalSince1970, id, JobStatus.queued.rawValue,
                ])
            return db.changesCount > 0
        }
    }

    /// After a restart: a job that was running when the server stopped is Canceled; queued ones stay.
    func recoverJobs() throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE job SET status = ?, outcome = 'canceled', reason = 'server stopped', ended_at = ?,
                    queue_order = NULL WHERE status = ?
                    """,
                arguments: [JobStatus.canceled.rawValue, Date().timeIntervalSince1970, JobStatus.running.rawValue])
        }
    }

    // MARK: Models

    /// Stores the model of a job, replacing the previous one.
    func saveModel(job: Int64, target: String, text: [UInt8]) throws {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO model (job_id, target, text, created_at) VALUES (?, ?, ?, ?)",
                arguments: [job, target, Data(text), Date().timeIntervalSince1970])
        }
    }

    public func model(job: Int64) throws -> StoredModel {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM model WHERE job_id = ?", arguments: [job]) else {
                throw APIError.notFound("the model of job \(job)")
            }
            return StoredModel(
                jobId: row["job_id"], target: row["target"], text: [UInt8](row["text"] as Data),
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }

    public func models() throws -> [StoredModel] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT job_id, target, created_at, length(text) AS size FROM model ORDER BY job_id"
            )
            .map { row in
                StoredModel(
                    jobId: row["job_id"], target: row["target"], text: [],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]))
            }
        }
    }
}

/// Records read, written and rejected by a run.
public struct JobCounts: Sendable {
    public var read = 0
    public var written = 0
    public var rejected = 0
}

extension MetadataStore {
    /// Creates an API token; only its SHA-256 digest is stored, so the token is shown once.
    public func createToken() throws -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try write { db in
            try db.execute(
                sql: "INSERT INTO token (hash, created_at) VALUES (?, ?)",
                arguments: [SHA256.hex(Array(token.utf8)), Date().timeIntervalSince1970])
        }
        return token
    }

    /// Whether `token` was created by ``createToken()``.
    public func isValidToken(_ token: String) throws -> Bool {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT 1 FROM token WHERE hash = ?", arguments: [SHA256.hex(Array(token.utf8))]) != nil
        }
    }
}
