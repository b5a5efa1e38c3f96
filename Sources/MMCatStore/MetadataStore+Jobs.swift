import Foundation
import MMCat

extension MetadataStore {
    package func jobs() async throws -> [StoredJob] {
        try await read { db in
            var mappings: [Int64: [Int64]] = [:]
            for row in try db.fetchAll("SELECT job_id, mapping_id FROM job_mapping ORDER BY job_id, position") {
                mappings[try row["job_id"], default: []].append(try row["mapping_id"])
            }
            return try db.fetchAll("SELECT * FROM job ORDER BY id").map { row in
                try StoredJob(row: row, mappings: mappings[try row["id"]] ?? [])
            }
        }
    }

    package func job(_ id: Int64) async throws -> StoredJob {
        try await read { db in try Self.job(db, id) }
    }

    /// A job and, while it is queued, its place in its server's queue (1 runs next).
    package func jobWithQueuePosition(_ id: Int64) async throws -> (StoredJob, Int?) {
        try await read { db in
            let job = try Self.job(db, id)
            guard job.status == .queued, let order = job.queueOrder else { return (job, nil) }
            let ahead: Int =
                try db.value(
                    "SELECT COUNT(*) FROM job WHERE status = ? AND queue_order < ? AND server IS NOT DISTINCT FROM ?",
                    [JobStatus.queued.rawValue, order, job.server]) ?? 0
            return (job, ahead + 1)
        }
    }

    private static func job(_ db: any StoreConnection, _ id: Int64) throws -> StoredJob {
        guard let row = try db.fetchOne("SELECT * FROM job WHERE id = ?", [id]) else {
            throw StoreError.notFound("job \(id)")
        }
        let mappings = try db.fetchAll(
            "SELECT mapping_id FROM job_mapping WHERE job_id = ? ORDER BY position", [id]
        ).map { row throws(StoreError) -> Int64 in try row["mapping_id"] }
        return try StoredJob(row: row, mappings: mappings)
    }

    /// Creates a Ready job over `mappings` (at least one), which must exist, share one schema
    /// category and, for a Category to Model job (one model for one database), one database.
    package func createJob(name: String, type: JobType, mappings: [Int64]) async throws -> Int64 {
        try await write { db in
            guard let first = mappings.first else {
                throw StoreError.invalid("a job needs at least one mapping", field: "mappings")
            }
            if Set(mappings).count < mappings.count {
                throw StoreError.invalid("a mapping is named twice", field: "mappings")
            }
            var places: Set<[Int64]> = []
            for mapping in mappings {
                guard let row = try db.fetchOne("SELECT schema_id, database_id FROM mapping WHERE id = ?", [mapping])
                else { throw StoreError.notFound("mapping \(mapping)") }
                let schema: Int64 = try row["schema_id"]
                let database: Int64 = try row["database_id"]
                places.insert(type == .categoryToModel ? [schema, database] : [schema])
            }
            if places.count > 1 {
                throw StoreError.invalid(
                    type == .categoryToModel
                        ? "the mappings of a Category to Model job must share one schema category and one database (one model for one database)"
                        : "the mappings of a job must share one schema category (one instance category)",
                    field: "mappings")
            }
            let id = try db.insert(
                "INSERT INTO job (name, type, mapping_id, status, created_at) VALUES (?, ?, ?, ?, ?)",
                [name, type.rawValue, first, JobStatus.ready.rawValue, Date().timeIntervalSince1970])
            for (position, mapping) in mappings.enumerated() {
                try db.execute(
                    "INSERT INTO job_mapping (job_id, position, mapping_id) VALUES (?, ?, ?)", [id, position, mapping])
            }
            return id
        }
    }

    /// Deletes a job that is not running, with its model.
    package func deleteJob(_ id: Int64) async throws {
        try await write { db in
            let job = try Self.job(db, id)
            if job.status == .running {
                throw StoreError.conflict("job \(id) is running; cancel it first, then delete it")
            }
            try db.execute("DELETE FROM model WHERE job_id = ?", [id])
            try db.execute("DELETE FROM job_mapping WHERE job_id = ?", [id])
            try db.execute("DELETE FROM job WHERE id = ?", [id])
        }
    }

    /// Puts a Ready, Finished or Canceled job at the end of the queue of the server `server`, for
    /// `session` (whose instance category lives in that server).
    package func enqueueJob(_ id: Int64, session: String, server: String) async throws -> StoredJob {
        try await write { db in
            let job = try Self.job(db, id)
            guard job.status != .running && job.status != .queued else {
                throw StoreError.conflict("job \(id) is already \(job.status.rawValue.lowercased())")
            }
            let next = ((try db.value("SELECT MAX(queue_order) FROM job") as Int64?) ?? 0) + 1
            try db.execute(
                """
                UPDATE job SET status = ?, queue_order = ?, session = ?, server = ?, outcome = NULL, reason = NULL,
                started_at = NULL, ended_at = NULL, records_read = NULL, records_written = NULL,
                records_rejected = NULL, log = '' WHERE id = ?
                """, [JobStatus.queued.rawValue, next, session, server, id])
            return try Self.job(db, id)
        }
    }

    /// Whether `server` has a queued job.
    package func hasQueuedJob(server: String) async throws -> Bool {
        try await read { db in
            try db.fetchOne(
                "SELECT id FROM job WHERE status = ? AND server = ? LIMIT 1", [JobStatus.queued.rawValue, server])
                != nil
        }
    }

    /// The job of `server` that was queued first, now marked Running; nil when its queue is empty.
    package func claimNextJob(server: String) async throws -> StoredJob? {
        try await write { db in
            guard
                let id: Int64 = try db.value(
                    "SELECT id FROM job WHERE status = ? AND server = ? ORDER BY queue_order, id LIMIT 1",
                    [JobStatus.queued.rawValue, server])
            else { return nil }
            try db.execute(
                """
                UPDATE job SET status = ?, started_at = ?, ended_at = NULL, records_read = NULL,
                records_written = NULL, records_rejected = NULL, log = '' WHERE id = ?
                """, [JobStatus.running.rawValue, Date().timeIntervalSince1970, id])
            return try Self.job(db, id)
        }
    }

    /// Records the end of a run: Finished, or Canceled with an outcome (`error`, `canceled`) and reason.
    package func endJob(
        _ id: Int64, status: JobStatus, outcome: String? = nil, reason: String? = nil, counts: JobCounts,
        log: String
    ) async throws {
        try await write { db in
            try db.execute(
                """
                UPDATE job SET status = ?, outcome = ?, reason = ?, ended_at = ?, records_read = ?,
                records_written = ?, records_rejected = ?, log = ?, queue_order = NULL WHERE id = ?
                """,
                [
                    status.rawValue, outcome, reason, Date().timeIntervalSince1970, counts.read, counts.written,
                    counts.rejected, log, id,
                ])
        }
    }

    /// Cancels a queued job before it runs, its log the one line `log`; false when it is not queued.
    package func cancelQueuedJob(_ id: Int64, reason: String, log: String) async throws -> Bool {
        try await write { db in
            return try db.execute(
                """
                UPDATE job SET status = ?, outcome = 'canceled', reason = ?, ended_at = ?, queue_order = NULL,
                log = ? WHERE id = ? AND status = ?
                """,
                [
                    JobStatus.canceled.rawValue, reason, Date().timeIntervalSince1970, log, id,
                    JobStatus.queued.rawValue,
                ]) > 0
        }
    }

    /// After a restart of `server`: a job it was running when it stopped is Canceled, `log` added
    /// to its log; its queued ones stay, and so do queued jobs from before servers had names.
    package func recoverJobs(server: String, log: String) async throws {
        try await write { db in
            try db.execute(
                """
                UPDATE job SET status = ?, outcome = 'canceled', reason = 'server stopped', ended_at = ?,
                queue_order = NULL, log = log || ? WHERE status = ? AND (server = ? OR server IS NULL)
                """,
                [
                    JobStatus.canceled.rawValue, Date().timeIntervalSince1970, log, JobStatus.running.rawValue,
                    server,
                ])
            try db.execute(
                "UPDATE job SET server = ? WHERE status = ? AND server IS NULL", [server, JobStatus.queued.rawValue])
        }
    }

    // MARK: Models

    /// Stores the model of a job with its SHA-256, replacing the previous one.
    package func saveModel(job: Int64, target: String, text: [UInt8]) async throws {
        let digest = SHA256.hex(text)
        try await write { db in
            try db.execute(
                """
                INSERT INTO model (job_id, target, text, sha256, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (job_id) DO UPDATE SET target = excluded.target, text = excluded.text,
                sha256 = excluded.sha256, created_at = excluded.created_at
                """,
                [job, target, Data(text), digest, Date().timeIntervalSince1970])
        }
    }

    package func model(job: Int64) async throws -> StoredModel {
        try await read { db in
            guard let row = try db.fetchOne("SELECT * FROM model WHERE job_id = ?", [job]) else {
                throw StoreError.notFound("the model of job \(job)")
            }
            return StoredModel(
                jobId: try row["job_id"], target: try row["target"], text: [UInt8](try row["text"] as Data),
                sha256: try row["sha256"], createdAt: Date(timeIntervalSince1970: try row["created_at"]))
        }
    }

    package func models() async throws -> [StoredModel] {
        try await read { db in
            try db.fetchAll("SELECT job_id, target, sha256, created_at FROM model ORDER BY job_id")
                .map { row in
                    StoredModel(
                        jobId: try row["job_id"], target: try row["target"], text: [], sha256: try row["sha256"],
                        createdAt: Date(timeIntervalSince1970: try row["created_at"]))
                }
        }
    }
}

/// Records read, written and rejected by a run.
package struct JobCounts: Sendable {
    package var read = 0
    package var written = 0
    package var rejected = 0

    package init(read: Int = 0, written: Int = 0, rejected: Int = 0) {
        self.read = read
        self.written = written
        self.rejected = rejected
    }
}

extension MetadataStore {
    /// Creates an API token; only its SHA-256 digest is stored, so the token is shown once.
    public func createToken() async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try await write { db in
            try db.execute(
                "INSERT INTO token (hash, created_at) VALUES (?, ?)",
                [SHA256.hex(Array(token.utf8)), Date().timeIntervalSince1970])
        }
        return token
    }

    /// Whether `token` was created by ``createToken()``.
    package func isValidToken(_ token: String) async throws -> Bool {
        try await read { db in
            try db.fetchOne("SELECT 1 AS found FROM token WHERE hash = ?", [SHA256.hex(Array(token.utf8))]) != nil
        }
    }
}
