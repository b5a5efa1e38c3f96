import Foundation
import MMCat
import MMCatJobs
import MMCatStore

/// A job as the API shows it (`Job` in the OpenAPI document). Every member is always present,
/// `null` when it has no value (``JSONValueEncoder`` writes absent optionals so), so that
/// clients can tell "none" from "not sent".
struct JobAnswer: Encodable {
    var id: Int64
    var name: String
    var type: String
    /// The first of ``mappings`` (what a one-kind job has always shown).
    var mapping: Int64
    /// Every mapping of the job, in order: several for a whole-database job.
    var mappings: [Int64]
    var status: String
    /// The place in its server's queue while Queued (1 runs next).
    var queuePosition: Int?
    /// For a Canceled job: `error` (it failed) or `canceled` (by a user or the server stopping).
    var outcome: String?
    var reason: String?
    var createdAt: String
    var startedAt: String?
    var endedAt: String?
    var records: Records
    var progress: Progress?
    var log: String
    /// The session the job last ran in (null before it first ran): its tag, and whether it is the
    /// caller's, so a page can say whose instance category holds the job's data.
    var session: Session?

    struct Records: Encodable {
        var read: Int?
        var written: Int?
        var rejected: Int?
    }

    struct Progress: Encodable {
        var done: Int
        var total: Int?
        /// For a job of several kinds, each kind's records read and total (null for one kind).
        var kinds: [KindProgress]?
    }

    struct KindProgress: Encodable {
        var kind: String
        var done: Int
        var total: Int?
    }

    struct Session: Encodable {
        var tag: String
        /// The name a person gave the session, if any.
        var name: String?
        var current: Bool
    }

    /// `names` are the sessions' names (``SessionStore/names()``).
    init(
        _ job: StoredJob, queuePosition: Int?, progress: JobProgress.Snapshot?, viewer: String,
        names: [String: String] = [:]
    ) {
        id = job.id
        name = job.name
        type = job.type.rawValue
        mapping = job.mappingId
        mappings = job.mappingIds
        status = job.status.rawValue
        self.queuePosition = queuePosition
        outcome = job.outcome
        reason = job.reason
        createdAt = job.createdAt.formatted(.iso8601)
        startedAt = job.startedAt?.formatted(.iso8601)
        endedAt = job.endedAt?.formatted(.iso8601)
        records = Records(read: job.recordsRead, written: job.recordsWritten, rejected: job.recordsRejected)
        self.progress = progress.map { snapshot in
            Progress(
                done: snapshot.done, total: snapshot.total,
                kinds: snapshot.kinds.isEmpty
                    ? nil : snapshot.kinds.map { KindProgress(kind: $0.kind, done: $0.done, total: $0.total) })
        }
        log = job.log
        session = job.session.map { Session(tag: SessionAnswer.tag($0), name: names[$0], current: $0 == viewer) }
    }

    /// Jobs with their places in the queue of their server (1 runs next).
    static func list(
        _ jobs: [StoredJob], progress: JobProgress, viewer: String, names: [String: String] = [:]
    ) -> [JobAnswer] {
        let queued = jobs.filter { $0.status == .queued }.sorted {
            ($0.queueOrder ?? 0, $0.id) < ($1.queueOrder ?? 0, $1.id)
        }
        var positions: [Int64: Int] = [:]
        var lengths: [String: Int] = [:]
        for job in queued {
            lengths[job.server ?? "", default: 0] += 1
            positions[job.id] = lengths[job.server ?? ""]
        }
        return jobs.map {
            JobAnswer($0, queuePosition: positions[$0.id], progress: progress.of($0.id), viewer: viewer, names: names)
        }
    }
}
