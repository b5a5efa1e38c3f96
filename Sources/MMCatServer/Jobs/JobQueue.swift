import Foundation
import MMCat
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
/// let queue = JobQueue(
///     store: store, server: "a1", sessions: sessions, secrets: secrets, files: files, delay: .zero)
/// Task { await queue.run() }
/// try await queue.start(jobId, session: "abc")
/// ```
public actor JobQueue {
    let store: MetadataStore
    let server: String
    let sessions: SessionStore
    let secrets: SecretBox
    /// The folders file and SQLite databases may use.
    let files: FileConfinement
    /// An artificial pause before each job (MM-cat used 2 s) so that the queue can be watched.
    let delay: Duration
    private let cancellations = CancelRequests()
    /// How far the running job has got, for the API (read without waiting for the actor).
    public nonisolated let progress = JobProgress()
    private var wakeUp: AsyncStream<Void>.Continuation?
    private var signals: AsyncStream<Void>?

    public init(
        store: MetadataStore, server: String, sessions: SessionStore, secrets: SecretBox, files: FileConfinement,
        delay: Duration
    ) {
        self.files = files
        self.store = store
        self.server = server
        self.sessions = sessions
        self.secrets = secrets
        self.delay = delay
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.signals = stream
        self.wakeUp = continuation
    }

    /// Queues a Ready job, or a Finished or Canceled one again (start and restart are the same).
    public func start(_ id: Int64, session: String) async throws -> StoredJob {
        let job = try await store.enqueueJob(id, session: session, server: server)
        wakeUp?.yield()
        return job
    }

    /// Cancels a queued job at once, or asks a running one to stop at the next record boundary.
    public func cancel(_ id: Int64, reason: String) async throws -> StoredJob {
        if try await store.cancelQueuedJob(id, reason: reason) { return try await store.job(id) }
        let job = try await store.job(id)
        guard job.status == .running else {
            throw APIError.conflict("job \(id) is \(job.status.rawValue), not queued or running")
        }
        guard job.server == server else {
            throw APIError.conflict(
                "job \(id) is running on the server \(job.server ?? "?"), which shares this store; cancel it there")
        }
        cancellations.request(id, reason: reason)
        return job
    }

    /// Runs queued jobs one after another until the task is cancelled. A cancel of the task (the
    /// server stopping) cancels the running job the way a user would, at its next record boundary,
    /// and waits for it: the job ends Canceled "server stopped" with the instance unchanged, or
    /// Finished with it saved, never in between.
    public func run() async {
        try? await store.recoverJobs(server: server)
        guard let signals else { return }
        self.signals = nil
        var iterator = signals.makeAsyncIterator()
        while !Task.isCancelled {
            while let job = try? await store.claimNextJob(server: server) {
                let runner = JobRunner(
                    store: store, sessions: sessions, secrets: secrets, files: files, delay: delay,
                    cancellations: cancellations,
                    progress: progress)
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
}

/// The records a running import has read, and how many its source holds when it knows.
public final class JobProgress: Sendable {
    private let counts = Mutex<[Int64: (done: Int, total: Int?)]>([:])

    func update(_ id: Int64, done: Int, total: Int?) {
        counts.withLock { $0[id] = (done, total) }
    }

    /// The progress of job `id` while it runs an import; nil otherwise.
    public func of(_ id: Int64) -> (done: Int, total: Int?)? {
        counts.withLock { $0[id] }
    }

    func clear(_ id: Int64) {
        counts.withLock { $0[id] = nil }
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
