import Foundation
import Logging
import MMCat
import MMCatStore
import Synchronization

/// The serial job queue: jobs started together wait in FIFO order and run one at a time.
///
/// The queue itself lives in the metadata store (each queued job has a queue order), so it
/// survives a restart: ``run()`` first marks a job that was running when the server stopped as
/// Canceled ("server stopped"), then works through the queued ones. In a store shared by several
/// servers each has its own queue, named by its server id: a job runs on the server where it was
/// started, because that is where the session's instance category lives.
///
/// ```swift
/// // given: store: MetadataStore, sessions: SessionStore, databases: DatabaseFamilies, jobId: Int64
/// let queue = JobQueue(store: store, server: "a1", sessions: sessions, databases: databases)
/// Task { await queue.run() }
/// try await queue.start(jobId, session: "abc")
/// ```
package actor JobQueue {
    let store: MetadataStore
    let server: String
    let sessions: SessionStore
    let databases: DatabaseFamilies
    /// An artificial pause before each job leaves the queue (MM-cat used 2 s), so that the queue
    /// can be watched; the job stays Queued meanwhile.
    let delay: Duration
    let logger: Logger
    private let cancellations = CancelRequests()
    /// How far the running job has got, for the API (read without waiting for the actor).
    package nonisolated let progress = JobProgress()
    private var wakeUp: AsyncStream<Void>.Continuation?
    private var signals: AsyncStream<Void>?

    package init(
        store: MetadataStore, server: String, sessions: SessionStore, databases: DatabaseFamilies,
        delay: Duration = .zero, logger: Logger = Logger(label: "mmcat.jobs")
    ) {
        self.store = store
        self.server = server
        self.sessions = sessions
        self.databases = databases
        self.delay = delay
        self.logger = logger
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.signals = stream
        self.wakeUp = continuation
    }

    /// Queues a Ready job, or a Finished or Canceled one again (start and restart are the same).
    package func start(_ id: Int64, session: String) async throws -> StoredJob {
        let job = try await store.enqueueJob(id, session: session, server: server)
        wakeUp?.yield()
        return job
    }

    /// Cancels a queued job at once, or asks a running one to stop at the next record boundary.
    package func cancel(_ id: Int64, reason: String) async throws -> StoredJob {
        var log = Log()
        log.add("canceled while queued: \(reason)")
        if try await store.cancelQueuedJob(id, reason: reason, log: log.text) { return try await store.job(id) }
        let job = try await store.job(id)
        guard job.status == .running else {
            throw JobError.conflict("job \(id) is \(job.status.rawValue), not queued or running")
        }
        guard job.server == server else {
            throw JobError.conflict(
                "job \(id) is running on the server \(job.server ?? "?"), which shares this store; cancel it there")
        }
        cancellations.request(id, reason: reason)
        return job
    }

    /// Runs queued jobs one after another until the task is cancelled. A cancel of the task (the
    /// server stopping) cancels the running job the way a user would, at its next record boundary,
    /// and waits for it: the job ends Canceled "server stopped" with the instance unchanged, or
    /// Finished with it saved, never in between.
    package func run() async {
        var log = Log()
        log.add("canceled: server stopped (the server stopped while the job ran; its instance category is unchanged)")
        do {
            try await store.recoverJobs(server: server, log: log.text)
        } catch {
            logger.error("the store could not recover the jobs of the last run: \(error)")
        }
        guard let signals else { return }
        self.signals = nil
        var iterator = signals.makeAsyncIterator()
        while !Task.isCancelled {
            while let job = await next() {
                let runner = JobRunner(
                    store: store, sessions: sessions, databases: databases, cancellations: cancellations,
                    progress: progress, logger: logger)
                await withTaskCancellationHandler {
                    await runner.execute(job)
                } onCancel: { [cancellations] in
                    cancellations.request(job.id, reason: "server stopped")
                }
                cancellations.clear(job.id)
                progress.clear(job.id)
                if Task.isCancelled { return }
            }
            guard await iterator.next() != nil else { return }
        }
    }

    /// The next queued job, now Running, after the configured delay (spent while it is still
    /// Queued, so a cancel meanwhile is a plain queued cancel); nil when the queue is empty, the
    /// task is cancelled, or the store fails (logged; the next start wakes the queue again).
    private func next() async -> StoredJob? {
        do {
            if delay > .zero {
                guard try await store.hasQueuedJob(server: server) else { return nil }
                try await Task.sleep(for: delay)
            }
            return try await store.claimNextJob(server: server)
        } catch is CancellationError {
            return nil
        } catch {
            logger.error("the store could not hand out the next job: \(error)")
            return nil
        }
    }
}

/// The records a running import has read, and how many its source holds when it knows: in all,
/// and for a whole-database job kind by kind (the kinds after the current one not yet begun).
package final class JobProgress: Sendable {
    /// One job's progress.
    package struct Snapshot: Sendable {
        package var done: Int
        package var total: Int?
        /// Each kind of a job of several (empty for one kind): its name, records read, and total.
        package var kinds: [(kind: String, done: Int, total: Int?)]
    }

    private let snapshots = Mutex<[Int64: Snapshot]>([:])

    /// Records that job `id` has read `done` records of kind `index` of `kinds`, whose source
    /// holds `total` when it knows; the kinds before it are done.
    func update(_ id: Int64, kind index: Int, of kinds: [String], done: Int, total: Int?) {
        snapshots.withLock { all in
            var snapshot = all[id] ?? Snapshot(done: 0, total: nil, kinds: kinds.map { ($0, 0, nil) })
            snapshot.kinds[index].done = done
            snapshot.kinds[index].total = total
            let before = snapshot.kinds[..<index].reduce(0) { $0 + $1.done }
            snapshot.done = before + done
            snapshot.total = total.map { before + $0 }
            all[id] = snapshot
        }
    }

    /// The progress of job `id` while it runs an import (kinds listed for several only); nil otherwise.
    package func of(_ id: Int64) -> Snapshot? {
        snapshots.withLock { all in
            guard var snapshot = all[id] else { return nil }
            if snapshot.kinds.count == 1 { snapshot.kinds = [] }
            return snapshot
        }
    }

    func clear(_ id: Int64) {
        snapshots.withLock { $0[id] = nil }
    }
}

/// Cancel requests for running jobs, checked by the running job at each record boundary.
final class CancelRequests: Sendable {
    private let reasons = Mutex<[Int64: String]>([:])

    func request(_ id: Int64, reason: String) {
        reasons.withLock { $0[id] = reason }
    }

    func reason(_ id: Int64) -> String? {
        reasons.withLock { $0[id] }
    }

    func clear(_ id: Int64) {
        reasons.withLock { $0[id] = nil }
    }
}
