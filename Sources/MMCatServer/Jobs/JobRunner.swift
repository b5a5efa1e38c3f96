import Foundation
import MMCat
import MMCatCypher
import MMCatFiles
import MMCatMongo
import MMCatPostgres
import MMCatSQLite

/// Runs one job: Model to Category imports the mapping's kind from its database into a copy of the
/// session's instance category, which replaces the session's only when the job finishes; Category
/// to Model prints the model of the mapping's database from the session's instance category.
struct JobRunner {
    let store: MetadataStore
    let sessions: SessionStore
    let secrets: SecretBox
    let files: FileConfinement
    let delay: Duration
    let cancellations: CancelRequests
    let progress: JobProgress

    func execute(_ job: StoredJob) async {
        var log = Log()
        var counts = JobCounts()
        do {
            log.add("started (\(job.type.rawValue))")
            if let reason = await pause(job.id) {
                return await end(job, .canceled, outcome: "canceled", reason: reason, counts: counts, log: log)
            }
            let mapping = try await store.mapping(job.mappingId)
            let schema = try await store.schema(mapping.schemaId)
            let database = try await store.database(mapping.databaseId)
            let session = job.session ?? ""
            switch job.type {
            case .modelToCategory:
                let (instance, dropped) = await sessions.working(
                    session: session, schemaId: schema.id, schema: schema.schema)
                log.dropped(dropped)
                let plan = try ImportPlan(schema: schema.schema, mapping: mapping.mapping)
                // Reading the source, building the instance and sealing it (merging rows that turned out
                // to be one) is blocking, CPU-heavy work: it runs on a worker thread, off the event loops
                // and the cooperative pool.
                let snapshots = sessions.files
                let limit = sessions.memoryLimit.map { InstanceLimit(instance: instance, bytes: $0) }
                let (summary, canceledReason, snapshot) = try await Offload.run {
                    [secrets, files = self.files, cancellations, progress] () throws -> (
                        ModelToCategory.Summary, String?, Result<StagedFile, InputError>?
                    ) in
                    var source = CancellableSource(
                        base: try RecordSources.open(
                            database, kind: mapping.mapping.kindName, secrets: secrets, files: files),
                        reason: { cancellations.reason(job.id) }, limit: limit,
                        report: { done, total in progress.update(job.id, done: done, total: total) })
                    let summary = try ModelToCategory(plan: plan, instance: instance).run(&source)
                    guard source.canceledReason == nil else { return (summary, source.canceledReason, nil) }
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
                    return (summary, nil, snapshot)
                }
                counts = JobCounts(read: summary.read, written: summary.imported, rejected: summary.rejected)
                for rejection in summary.rejections { log.add("rejected \(rejection)") }
                if let reason = canceledReason {
                    log.add("canceled after \(summary.read) records; the instance category is unchanged")
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
                log.add("imported \(summary.imported) of \(summary.read) records (\(summary.rejected) rejected)")
            case .categoryToModel:
                let (instance, dropped) = await sessions.working(
                    session: session, schemaId: schema.id, schema: schema.schema)
                log.dropped(dropped)
                // Printing a large model is CPU-heavy work too: on a worker thread, like an import.
                let (target, bytes, written) = try await Offload.run { () throws -> (String, [UInt8], Int) in
                    let model = try CategoryToModel(instance: instance, mapping: mapping.mapping)
                    let printer = Printers.printer(for: database.type)
                    var out = TextOutput()
                    if instance.objects[model.root.objectIndex].liveRowCount == 0 {
                        out.write(printer.fileExtension == "js" || printer.fileExtension == "cypher" ? "// " : "-- ")
                        out.write("The session's instance category holds no data for this kind: DDL only.\n")
                    }
                    try printer.print(model, to: &out)
                    return (printer.target, out.bytes, model.rootRows().count)
                }
                counts.written = written
                // Printing does not stop midway (a million rows take about a second); a cancel
                // that came meanwhile still wins: the job's previous model stays.
                if let reason = cancellations.reason(job.id) {
                    log.add("canceled after printing; the previous model is kept")
                    return await end(job, .canceled, outcome: "canceled", reason: reason, counts: counts, log: log)
                }
                try await store.saveModel(job: job.id, target: target, text: bytes)
                log.add("wrote a \(target) model of \(written) records (\(bytes.count) bytes)")
            }
            await end(job, .finished, counts: counts, log: log)
        } catch let error as InputError {
            log.add("failed: \(error)")
            await end(job, .canceled, outcome: "error", reason: error.description, counts: counts, log: log)
        } catch let error as APIError {
            log.add("failed: \(error.message)")
            await end(job, .canceled, outcome: "error", reason: error.message, counts: counts, log: log)
        } catch {
            log.add("failed: \(error)")
            await end(job, .canceled, outcome: "error", reason: "\(error)", counts: counts, log: log)
        }
    }

    /// Waits the configured delay; returns the cancel reason if the job was canceled meanwhile.
    private func pause(_ id: Int64) async -> String? {
        let clock = ContinuousClock()
        let end = clock.now + delay
        while clock.now < end {
            if let reason = cancellations.reason(id) { return reason }
            try? await Task.sleep(for: min(.milliseconds(50), end - clock.now))
        }
        return cancellations.reason(id)
    }

    private func end(
        _ job: StoredJob, _ status: JobStatus, outcome: String? = nil, reason: String? = nil, counts: JobCounts,
        log: Log
    ) async {
        var log = log
        log.add(status == .finished ? "finished" : "canceled: \(reason ?? "")")
        try? await store.endJob(job.id, status: status, outcome: outcome, reason: reason, counts: counts, log: log.text)
    }
}

/// The lines of a job's log, each with its time.
struct Log {
    private(set) var text = ""

    mutating func add(_ line: String) {
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

    func check() throws(InputError) {
        let size = instance.estimatedBytes
        guard size > bytes else { return }
        throw InputError(
            file: "instance category", location: "",
            message:
                "it needs more than \(bytes >> 20) MiB (\(size >> 20) MiB so far), the server's limit for all sessions' instance categories together (--max-instance-memory); the session's instance category is unchanged"
        )
    }
}

/// A record source that ends early, at a record boundary, when its job is canceled, that
/// reports how far it has got every 256 records, and that checks the instance's memory limit
/// every 65,536.
struct CancellableSource: RecordSource {
    var base: any RecordSource
    let reason: @Sendable () -> String?
    let limit: InstanceLimit?
    let report: @Sendable (_ done: Int, _ total: Int?) -> Void
    private(set) var canceledReason: String?
    private var done = 0

    init(
        base: any RecordSource, reason: @escaping @Sendable () -> String?, limit: InstanceLimit? = nil,
        report: @escaping @Sendable (_ done: Int, _ total: Int?) -> Void = { _, _ in }
    ) {
        self.base = base
        self.reason = reason
        self.limit = limit
        self.report = report
        report(0, base.totalRecords)
    }

    var totalRecords: Int? { base.totalRecords }

    mutating func next() throws(InputError) -> SourceRecord? {
        if let reason = reason() {
            canceledReason = reason
            return nil
        }
        let record = try base.next()
        if record != nil {
            done += 1
            if done & 255 == 0 { report(done, base.totalRecords) }
            if done & 0xFFFF == 0 { try limit?.check() }
        } else {
            report(done, base.totalRecords)
        }
        return record
    }
}

/// The record source of a kind in a database.
enum RecordSources {
    /// Opens the source; tables and collections are read in batches as the import asks for them, so
    /// this blocks on the network: call it on a worker thread (``Offload``).
    static func open(
        _ database: StoredDatabase, kind: String, secrets: SecretBox, files: FileConfinement
    ) throws -> any RecordSource {
        switch database.type {
        case .files:
            return try FileKindSource.open(folder: try files.folder(of: database), kind: kind)
        case .sqlite:
            return try SQLiteTableSource(path: try files.path(of: database), table: kind)
        case .postgresql:
            return try PostgresTableSource(settings: try postgres(database, secrets: secrets), table: kind)
        case .mongodb:
            return try MongoCollectionSource(connection: try mongo(database, secrets: secrets), collection: kind)
        case .neo4j:
            throw APIError.invalid("importing from neo4j databases is not available yet")
        }
    }

    /// A connection to a MongoDB database, logged in as its user when it has one.
    static func mongo(_ database: StoredDatabase, secrets: SecretBox) throws -> MongoConnection {
        try MongoConnection(
            uri: database.settings["uri"] ?? "", database: database.settings["database"] ?? "",
            credentials: try mongoCredentials(database, secrets: secrets))
    }

    /// The user (`user`, in `authSource` or `admin`) and decrypted password of a MongoDB database.
    static func mongoCredentials(_ database: StoredDatabase, secrets: SecretBox) throws -> MongoCredentials? {
        guard let user = database.settings["user"], !user.isEmpty else { return nil }
        let password = try database.sealedPassword.map { try secrets.open($0) } ?? ""
        return MongoCredentials(user: user, password: password, source: database.settings["authSource"] ?? "admin")
    }

    /// The connection settings of a PostgreSQL database, its password decrypted.
    static func postgres(_ database: StoredDatabase, secrets: SecretBox) throws -> PostgresSettings {
        let password = try database.sealedPassword.map { try secrets.open($0) }
        return try PostgresSettings(settings: database.settings, password: password)
    }
}

/// The model printer of each database type.
enum Printers {
    static func printer(for type: DatabaseType) -> any ModelPrinter {
        switch type {
        case .files: return JSONLinesPrinter()
        case .sqlite: return SQLitePrinter()
        case .postgresql: return PostgreSQLPrinter()
        case .mongodb: return MongoDBPrinter()
        case .neo4j: return CypherPrinter()
        }
    }
}
