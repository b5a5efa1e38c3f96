import Foundation
import Logging
import MMCat
import MMCatFiles
import MMCatStore

/// Runs one job: Model to Category imports the kinds of the job's mappings (one, or a whole
/// database) from their databases into a copy of the session's instance category, which replaces
/// the session's only when every kind is in; Category to Model prints one model of the mappings'
/// database from the session's instance category.
struct JobRunner {
    let store: MetadataStore
    let sessions: SessionStore
    let databases: DatabaseFamilies
    let cancellations: CancelRequests
    let progress: JobProgress
    let logger: Logger

    func execute(_ job: StoredJob) async {
        var log = Log()
        var counts = JobCounts()
        logger.info("job started", metadata: ["job": "\(job.id)", "type": "\(job.type.rawValue)"])
        do {
            log.add("started (\(job.type.rawValue))")
            let kinds = try await kinds(of: job)
            // The mappings share one schema category (the store checks it when the job is made).
            let schema = try await store.schema(kinds[0].schemaId)
            let session = job.session ?? ""
            let (instance, dropped) = await sessions.working(
                session: session, schemaId: schema.id, schema: schema.schema)
            log.dropped(dropped)
            switch job.type {
            case .modelToCategory:
                let plans = try kinds.map { kind throws(InputError) in
                    try ImportPlan(schema: schema.schema, mapping: kind.mapping)
                }
                // Reading the sources, building the instance and sealing it (merging rows that turned
                // out to be one) is blocking, CPU-heavy work: it runs on a worker thread, off the event
                // loops and the cooperative pool.
                let snapshots = sessions.files
                let limit = sessions.memoryLimit.map { InstanceLimit(instance: instance, bytes: $0) }
                let (summaries, canceledReason, snapshot) = try await Offload.run {
                    [cancellations, progress] () throws -> (
                        [ModelToCategory.Summary], String?, Result<StagedFile, InputError>?
                    ) in
                    var summaries: [ModelToCategory.Summary] = []
                    let names = kinds.map(\.mapping.kindName)
                    for (index, (kind, plan)) in zip(kinds, plans).enumerated() {
                        // Progress counts the records of each kind, and of all so far.
                        let source = PrefetchingSource(try kind.family.openKind(kind.mapping.kindName, in: kind.access))
                        var watch = ImportWatch(
                            total: source.totalRecords, reason: { cancellations.reason(job.id) }, limit: limit,
                            report: { done, total in
                                progress.update(job.id, kind: index, of: names, done: done, total: total)
                            })
                        let importer = ModelToCategory(plan: plan, instance: instance)
                        summaries.append(
                            try PipelinedImport.run(importer, reading: source) { batch throws(InputError) in
                                try watch.written(batch)
                            })
                        if let reason = watch.canceledReason { return (summaries, reason, nil) }
                    }
                    instance.seal()
                    try limit?.check()
                    // The snapshot is written while the job alone holds the instance, and put in
                    // place before the session gets it (below).
                    let snapshot = snapshots.map { snapshots in
                        Result { () throws(InputError) in
                            try snapshots.write(session: session, schemaId: schema.id) { sink in
                                InstanceSnapshot.write(instance, to: sink)
                            }
                        }
                    }
                    return (summaries, nil, snapshot)
                }
                for (kind, summary) in zip(kinds, summaries) {
                    counts.read += summary.read
                    counts.written += summary.imported
                    counts.rejected += summary.rejected
                    let prefix = kinds.count > 1 ? "\(kind.mapping.kindName): " : ""
                    for rejection in summary.rejections { log.add("\(prefix)rejected \(rejection)") }
                    if kinds.count > 1 {
                        log.add(
                            "\(prefix)imported \(summary.imported) of \(summary.read) records (\(summary.rejected) rejected)"
                        )
                    }
                }
                if let reason = canceledReason {
                    log.add("canceled after \(counts.read) records; the instance category is unchanged")
                    return await end(job, .canceled, outcome: "canceled", reason: reason, counts: counts, log: log)
                }
                // Saved first, then given to the session: a job whose result could not be saved
                // ends Canceled, and the session keeps the instance it had.
                if let snapshot {
                    do {
                        let file = try snapshot.get()
                        try file.commit()
                        log.add("saved the instance category for a restart (\(file.size) bytes)")
                    } catch {
                        let reason = "the instance category could not be saved: \(error)"
                        log.add("\(reason); the session's instance category is unchanged")
                        return await end(job, .canceled, outcome: "error", reason: reason, counts: counts, log: log)
                    }
                }
                await sessions.store(instance, session: session, schemaId: schema.id)
                log.add("imported \(counts.written) of \(counts.read) records (\(counts.rejected) rejected)")
            case .categoryToModel:
                // Printing a large model is CPU-heavy work too: on a worker thread, like an import.
                // One kind prints its own model; several (one database) print one model with the
                // integrity constraints between them.
                let (target, bytes, written) = try await Offload.run { () throws -> (String, [UInt8], [Int]) in
                    let models = try kinds.map { kind throws(InputError) in
                        try CategoryToModel(instance: instance, mapping: kind.mapping)
                    }
                    let printer = kinds[0].family.printer
                    var out = TextOutput()
                    if models.count == 1 {
                        try ParallelPrinting.print(models[0], with: printer, to: &out)
                    } else {
                        try printer.print(kinds: models, to: &out)
                    }
                    return (printer.target, out.bytes, models.map { $0.rootRows().count })
                }
                counts.written = written.reduce(0, +)
                // Printing does not stop midway (a million rows take about a second); a cancel
                // that came meanwhile still wins: the job's previous model stays.
                if let reason = cancellations.reason(job.id) {
                    log.add("canceled after printing; the previous model is kept")
                    return await end(job, .canceled, outcome: "canceled", reason: reason, counts: counts, log: log)
                }
                try await store.saveModel(job: job.id, target: target, text: bytes)
                if kinds.count > 1 {
                    for (kind, rows) in zip(kinds, written) { log.add("\(kind.mapping.kindName): \(rows) records") }
                }
                log.add("wrote a \(target) model of \(counts.written) records (\(bytes.count) bytes)")
            }
            await end(job, .finished, counts: counts, log: log)
        } catch let error as InputError {
            log.add("failed: \(error)")
            await end(job, .canceled, outcome: "error", reason: error.description, counts: counts, log: log)
        } catch {
            log.add("failed: \(error)")
            await end(job, .canceled, outcome: "error", reason: "\(error)", counts: counts, log: log)
        }
    }

    /// The job's mappings, each with its database opened.
    private func kinds(of job: StoredJob) async throws -> [Kind] {
        var kinds: [Kind] = []
        for id in job.mappingIds {
            let mapping = try await store.mapping(id)
            let (family, access) = try databases.open(try await store.database(mapping.databaseId))
            kinds.append(Kind(mapping: mapping.mapping, schemaId: mapping.schemaId, family: family, access: access))
        }
        return kinds
    }

    /// Records the job's end. A store that fails here would leave the job Running: the failure
    /// is logged and the write tried again for a minute; after that the job stays Running until
    /// this server restarts, which cancels it ("server stopped").
    private func end(
        _ job: StoredJob, _ status: JobStatus, outcome: String? = nil, reason: String? = nil, counts: JobCounts,
        log: Log
    ) async {
        var log = log
        log.add(status == .finished ? "finished" : "canceled: \(reason ?? "")")
        let metadata: Logger.Metadata = [
            "job": "\(job.id)", "status": "\(status.rawValue)", "outcome": "\(outcome ?? "finished")",
            "read": "\(counts.read)", "written": "\(counts.written)",
        ]
        if outcome == "error" {
            logger.warning("job failed: \(reason ?? "")", metadata: metadata)
        } else {
            logger.info("job ended", metadata: metadata)
        }
        for attempt in 1...12 {
            do {
                return try await store.endJob(
                    job.id, status: status, outcome: outcome, reason: reason, counts: counts, log: log.text)
            } catch {
                logger.error(
                    "the store did not record the end of the job (attempt \(attempt) of 12): \(error)",
                    metadata: ["job": "\(job.id)"])
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }
}

/// One kind of a job: its mapping and the database family and access that read or print it.
private struct Kind: Sendable {
    let mapping: Mapping
    let schemaId: Int64
    let family: any DatabaseFamily
    let access: DatabaseAccess
}

/// The lines of a job's log, each with its time.
package struct Log {
    package private(set) var text = ""

    package init() {}

    package mutating func add(_ line: String) {
        let stamp = Date().formatted(.iso8601)
        text += "\(stamp) \(line)\n"
    }

    /// Says which objects lost their rows to an edit of the schema category, if any did.
    mutating func dropped(_ keys: [Int]) {
        guard !keys.isEmpty else { return }
        add(
            "the schema category changed since the session's last job: the rows of objects "
                + keys.map(String.init).joined(separator: ", ")
                + " were dropped (their ids changed or they were deleted)")
    }
}

/// The server's memory limit for instance categories, applied to the one a job builds: an
/// instance that alone would pass it can never be kept, so its job stops with this error.
struct InstanceLimit: Sendable {
    let instance: InstanceCategory
    let bytes: Int

    /// Throws when the instance, with `poolBytes` of values held apart from it (by an import's
    /// collector), is over the limit.
    func check(poolBytes: Int = 0) throws(InputError) {
        let size = instance.estimatedBytes + poolBytes
        guard size > bytes else { return }
        throw InputError(
            file: "instance category", location: "",
            message:
                "it needs more than \(bytes >> 20) MiB (\(size >> 20) MiB so far), the server's limit for all sessions' instance categories together (--max-instance-memory); the session's instance category is unchanged"
        )
    }
}

/// What an import job watches after every batch it writes: a cancel (the import ends there, at
/// a record boundary), its progress (records done of total) and the server's memory limit
/// (every 65,536 records, the values the collector holds on its thread counted in).
struct ImportWatch {
    let total: Int?
    let reason: @Sendable () -> String?
    let limit: InstanceLimit?
    let report: @Sendable (_ done: Int, _ total: Int?) -> Void
    private(set) var canceledReason: String?
    private(set) var done = 0

    init(
        total: Int?, reason: @escaping @Sendable () -> String?, limit: InstanceLimit? = nil,
        report: @escaping @Sendable (_ done: Int, _ total: Int?) -> Void = { _, _ in }
    ) {
        self.total = total
        self.reason = reason
        self.limit = limit
        self.report = report
        report(0, total)
    }

    /// Counts a batch written into the instance; false when the job was canceled meanwhile.
    mutating func written(_ batch: CollectedRecords) throws(InputError) -> Bool {
        let before = done
        done += batch.read
        report(done, total)
        if done >> 16 != before >> 16 { try limit?.check(poolBytes: batch.poolBytes) }
        if let reason = reason() {
            canceledReason = reason
            return false
        }
        return true
    }
}
