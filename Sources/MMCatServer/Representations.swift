import Foundation
import MMCat
import MMCatJobs
import MMCatStore

/// The JSON the API answers with, one function per resource.
enum Representation {
    static func schema(_ stored: StoredSchema) -> JSONValue {
        var members = [JSONMember("id", .number(String(stored.id))), JSONMember("name", .string(stored.name))]
        if case .object(let body) = stored.json {
            members += body.filter { $0.key != "name" }
        }
        return .object(members)
    }

    /// A database; settings named like secrets are never sent.
    static func database(_ stored: StoredDatabase) -> JSONValue {
        let settings = stored.settings.filter { !$0.key.lowercased().contains("password") }
            .sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) }
        return .object([
            JSONMember("id", .number(String(stored.id))), JSONMember("label", .string(stored.label)),
            JSONMember("type", .string(stored.type)), JSONMember("settings", .object(settings)),
            JSONMember("hasPassword", .bool(stored.sealedPassword != nil)),
        ])
    }

    /// A database family: what the web application needs to offer it (its settings form, whether
    /// its kinds nest) and what its models are.
    static func family(_ family: any DatabaseFamily) -> JSONValue {
        .object([
            JSONMember("name", .string(family.name)), JSONMember("title", .string(family.title)),
            JSONMember("flat", .bool(family.kindsAreFlat)), JSONMember("target", .string(family.printer.target)),
            JSONMember("extension", .string(family.printer.fileExtension)),
            JSONMember("readsKinds", .bool(family.readsKinds)),
            JSONMember("executesModels", .bool(family.executesModels)),
            JSONMember("settings", .array(family.settings.map(setting))),
        ])
    }

    private static func setting(_ setting: DatabaseSetting) -> JSONValue {
        var members = [
            JSONMember("name", .string(setting.name)), JSONMember("label", .string(setting.label)),
            JSONMember("required", .bool(setting.required)), JSONMember("example", .string(setting.example)),
        ]
        switch setting.kind {
        case .text: members.append(JSONMember("kind", .string("text")))
        case .port: members.append(JSONMember("kind", .string("port")))
        case .file: members.append(JSONMember("kind", .string("file")))
        case .folder: members.append(JSONMember("kind", .string("folder")))
        case .secret: members.append(JSONMember("kind", .string("secret")))
        case .choice(let words):
            members.append(JSONMember("kind", .string("choice")))
            members.append(JSONMember("choices", .array(words.map(JSONValue.string))))
        }
        return .object(members)
    }

    static func mapping(_ stored: StoredMapping) -> JSONValue {
        var members = [
            JSONMember("id", .number(String(stored.id))), JSONMember("schema", .number(String(stored.schemaId))),
            JSONMember("database", .number(String(stored.databaseId))),
        ]
        if case .object(let body) = stored.mapping.json { members += body.filter { $0.key != "database" } }
        members.append(JSONMember("text", .string(AccessPathText.print(stored.mapping))))
        return .object(members)
    }

    static func job(_ job: StoredJob, queuePosition: Int?, progress: (done: Int, total: Int?)? = nil) -> JSONValue {
        func time(_ date: Date?) -> JSONValue {
            date.map { .string($0.formatted(.iso8601)) } ?? .null
        }
        func count(_ value: Int?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
        return .object([
            JSONMember("id", .number(String(job.id))), JSONMember("name", .string(job.name)),
            JSONMember("type", .string(job.type.rawValue)), JSONMember("mapping", .number(String(job.mappingId))),
            JSONMember("status", .string(job.status.rawValue)),
            JSONMember("queuePosition", queuePosition.map { .number(String($0)) } ?? .null),
            JSONMember("outcome", job.outcome.map(JSONValue.string) ?? .null),
            JSONMember("reason", job.reason.map(JSONValue.string) ?? .null),
            JSONMember("createdAt", time(job.createdAt)), JSONMember("startedAt", time(job.startedAt)),
            JSONMember("endedAt", time(job.endedAt)),
            JSONMember(
                "records",
                .object([
                    JSONMember("read", count(job.recordsRead)), JSONMember("written", count(job.recordsWritten)),
                    JSONMember("rejected", count(job.recordsRejected)),
                ])),
            JSONMember(
                "progress",
                progress.map { progress in
                    .object([
                        JSONMember("done", .number(String(progress.done))),
                        JSONMember("total", progress.total.map { .number(String($0)) } ?? .null),
                    ])
                } ?? .null),
            JSONMember("log", .string(job.log)),
        ])
    }

    /// Jobs with their places in the queue of their server (1 runs next).
    static func jobs(_ jobs: [StoredJob], progress: JobProgress) -> JSONValue {
        let queued = jobs.filter { $0.status == .queued }.sorted {
            ($0.queueOrder ?? 0, $0.id) < ($1.queueOrder ?? 0, $1.id)
        }
        var positions: [Int64: Int] = [:]
        var lengths: [String: Int] = [:]
        for job in queued {
            lengths[job.server ?? "", default: 0] += 1
            positions[job.id] = lengths[job.server ?? ""]
        }
        return .array(jobs.map { job(_: $0, queuePosition: positions[$0.id], progress: progress.of($0.id)) })
    }

    static func row(_ row: Int32, of object: InstanceObject, pool: ValuePool) -> JSONValue {
        .object(
            object.schemaObject.superId.enumerated().compactMap { position, signature in
                let value = object.value(row, position)
                return value >= 0 ? JSONMember(signature.description, .string(pool.text(value))) : nil
            })
    }
}
