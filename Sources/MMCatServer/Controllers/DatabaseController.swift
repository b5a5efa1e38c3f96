import Foundation
import Hummingbird
import MMCat
import MMCatFiles
import MMCatJobs
import MMCatStore

/// `/databases` and `/families`: the families a database can be of, and the databases: list,
/// create, read, edit (never its type), delete while no mapping uses it, test a connection, and
/// infer a schema category with a mapping per kind from what the database holds; and upload JSON,
/// JSON Lines and CSV files as a new files database (``FileUpload``: checked whole, then stored
/// whole).
/// Settings are checked by their family's rules; a password is sealed before it is stored and
/// never sent back.
struct DatabaseController {
    let context: ServerContext

    func addFamilies(to group: RouterGroup<MMCatRequestContext>) {
        let databases = context.databases
        group.get("families") { _, _ in try JSONResponse.make(databases.all.map(FamilyAnswer.init)) }
    }

    func add(to group: RouterGroup<MMCatRequestContext>) {
        let (store, databases) = (context.store, context.databases)
        group.get { _, _ in try JSONResponse.make(try await store.databases().map(DatabaseAnswer.init)) }
        group.post { request, _ in
            let body = try await RequestBody(request).decode(DatabaseRequest.self)
            guard let type = body.type else {
                throw APIError.invalid(
                    "type must be one of \(databases.all.map(\.name).joined(separator: ", "))", field: "type")
            }
            let family = try databases.family(named: type)
            let (label, settings, password) = try check(body, family: family)
            let id = try await store.createDatabase(
                label: label, type: family.name, settings: settings,
                sealedPassword: try password.map(databases.secrets.seal))
            return try JSONResponse.make(DatabaseAnswer(try await store.database(id)), status: .created)
        }
        let uploads = context.configuration.uploadsFolder
        group.post("upload") { request, _ in
            let body = try await RequestBody(request).decode(UploadRequest.self)
            let label = (body.label ?? "").trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { throw APIError.invalid("a database needs a label", field: "label") }
            let files = (body.files ?? []).map { FileUpload.File(name: $0.name, bytes: Array($0.content.utf8)) }
            let folder: String
            do throws(InputError) {
                folder = try FileUpload.store(files, under: uploads)
            } catch {
                throw APIError.invalid(error)
            }
            do {
                let id = try await store.createDatabase(label: label, type: "files", settings: ["folder": folder])
                return try JSONResponse.make(DatabaseAnswer(try await store.database(id)), status: .created)
            } catch {
                try? FileManager.default.removeItem(atPath: folder)
                throw error
            }
        }
        group.get(":id") { _, context in
            try JSONResponse.make(DatabaseAnswer(try await store.database(try context.id())))
        }
        group.patch(":id") { request, context in
            let id = try context.id()
            let existing = try await store.database(id)
            let body = try await RequestBody(request).decode(DatabaseRequest.self)
            if let type = body.type, type != existing.type {
                throw APIError.invalid("the type of a database cannot change", field: "type")
            }
            let family = try databases.family(named: existing.type)
            let (label, settings, password) = try check(body, family: family, existing: existing)
            try await store.updateDatabase(
                id, label: label, settings: settings, sealedPassword: try password.map(databases.secrets.seal))
            return try JSONResponse.make(DatabaseAnswer(try await store.database(id)))
        }
        group.delete(":id") { _, context in
            try await store.deleteDatabase(try context.id())
            return Response(status: .noContent)
        }
        group.post(":id/infer") { request, context in
            let database = try await store.database(try context.id())
            let body = try await RequestBody.optional(request)?.decode(InferenceRequest.self)
            let sample = body?.sample ?? 10_000
            guard (1...1_000_000).contains(sample) else {
                throw APIError.invalid("sample must be between 1 and 1000000", field: "sample")
            }
            let name = body?.name ?? "Inferred from \(database.label)"
            guard !name.isEmpty else { throw APIError.invalid("a schema category needs a name", field: "name") }
            let (family, access) = try databases.open(database)
            // Reading catalogs and sampling documents blocks: off the event loops.
            let inferred = try await Offload.run {
                try DatabaseInference.infer(
                    [DatabaseInference.Source(family: family, access: access, name: database.label)], sample: sample,
                    name: name)
            }
            var suggested: [Mapping] = []
            if let suggest = body?.suggest {
                var targetType = database.type
                if let id = suggest.database { targetType = try await store.database(id).type }
                let family = try databases.family(named: targetType)
                let roots = suggest.roots ?? []
                if roots.isEmpty {
                    // The target family's own kinds for the tables: the same tables for a
                    // relational or document database, nodes and relationships for a graph.
                    suggested = family.suggestedMappings(forTables: inferred.tables, schema: inferred.schema)
                } else if family.kindsAreFlat {
                    throw APIError.invalid(
                        "suggested documents nest, and \(family.title) kinds are flat: choose a document database, or leave out suggest.roots",
                        field: "suggest.database")
                } else {
                    suggested = try Self.documents(
                        rootedAt: roots, inferred: inferred, embed: suggest.embedReferences ?? false)
                }
            }
            let (schema, mappings) = try await store.createSchema(
                name: name, json: inferred.document,
                mappings: inferred.mappings.map { ($0, database.id) }
                    + suggested.map { ($0, body?.suggest?.database ?? database.id) })
            return try JSONResponse.make(
                InferenceAnswer(
                    schema: schema, mappings: Array(mappings.prefix(inferred.mappings.count)),
                    suggested: Array(mappings.dropFirst(inferred.mappings.count)), notes: inferred.notes),
                status: .created)
        }
        group.post(":id/test") { _, context in
            let (family, access) = try databases.open(try await store.database(try context.id()))
            try await family.testConnection(access)
            return try JSONResponse.make(ConnectionAnswer())
        }
    }

    /// The document mappings a person would write for each of `roots`, the rows that reference
    /// it nested (as `mmcat infer --documents-root` suggests them).
    private static func documents(rootedAt roots: [String], inferred: InferredSchema, embed: Bool) throws -> [Mapping] {
        try roots.map { root in
            guard let table = inferred.mappings.first(where: { $0.kindName == root }) else {
                throw APIError.invalid(
                    "no kind \"\(root)\"; the kinds are \(inferred.mappings.map(\.kindName).joined(separator: ", "))",
                    field: "suggest.roots")
            }
            return DocumentSuggestion.mapping(
                root: table, tables: inferred.mappings, schema: inferred.schema, embedReferences: embed)
        }
    }

    /// The label, the checked settings (laid over the existing ones when editing) and a new
    /// password, to be sealed.
    private func check(
        _ body: DatabaseRequest, family: any DatabaseFamily, existing: StoredDatabase? = nil
    ) throws -> (String, [String: String], String?) {
        let label = body.label ?? existing?.label ?? ""
        guard !label.isEmpty else { throw APIError.invalid("a database needs a label", field: "label") }
        let (settings, password) = try DatabaseSettings.check(
            body.settings, family: family, existing: existing?.settings ?? [:], files: context.databases.files)
        return (label, settings, password)
    }
}
