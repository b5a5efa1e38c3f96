import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// `/mappings`: list (of one schema category, or all), create, read, replace, delete while no
/// job uses it, and preview: what its kind would hold if the session's instance were exported. A body holds the mapping's JSON form (`formats.md`) or `text` in the notation;
/// it must fit its schema category and, for a family of flat kinds, be flat. The store runs that
/// check inside the transaction that saves the mapping.
struct MappingController {
    let context: ServerContext

    func add(to group: RouterGroup<MMCatRequestContext>) {
        let store = context.store
        group.get { request, _ in
            let text = request.uri.queryParameters["schema"]
            let schema = text.flatMap { Int64(String($0)) }
            if text != nil && schema == nil {
                throw APIError.invalid("schema must be the id of a schema category", field: "schema")
            }
            return try JSONResponse.make(try await store.mappings(schema: schema).map { MappingAnswer($0) })
        }
        group.post { request, _ in
            let (body, mapping, check) = try await read(try await RequestBody(request))
            let id = try await store.createMapping(
                schema: body.schema, database: body.database, mapping: mapping, check: check)
            return try JSONResponse.make(
                MappingAnswer(try await store.mapping(id), notes: await notes(mapping, database: body.database)),
                status: .created)
        }
        group.get(":id") { _, context in
            try JSONResponse.make(MappingAnswer(try await store.mapping(try context.id())))
        }
        group.put(":id") { request, context in
            let id = try context.id()
            let existing = try await store.mapping(id)
            let (body, mapping, check) = try await read(try await RequestBody(request))
            guard body.schema == existing.schemaId else {
                throw APIError.invalid("a mapping cannot move to another schema category", field: "schema")
            }
            try await store.replaceMapping(
                id, schema: body.schema, database: body.database, mapping: mapping, check: check)
            return try JSONResponse.make(
                MappingAnswer(try await store.mapping(id), notes: await notes(mapping, database: body.database)))
        }
        group.delete(":id") { _, context in
            try await store.deleteMapping(try context.id())
            return Response(status: .noContent)
        }
        let (sessions, databases) = (context.sessions, context.databases)
        group.get(":id/preview") { request, context in
            let id = try context.id()
            let (page, size) = try InstanceController.paging(request)
            let stored = try await store.mapping(id)
            let family = try databases.family(
                named: try await store.database(stored.databaseId).type, field: "database")
            let schema = try await store.schema(stored.schemaId).schema
            let result: Result<PreviewAnswer, InputError>? =
                await sessions.read(session: context.session, schemaId: stored.schemaId, schema: schema) { instance in
                    Result { () throws(InputError) in
                        try PreviewAnswer(
                            mapping: id, model: try CategoryToModel(instance: instance, mapping: stored.mapping),
                            flat: family.kindsAreFlat, page: page, size: size)
                    }
                }
            guard let result else {
                throw APIError.notFound(
                    "data of schema category \(stored.schemaId) in this session: run an import first")
            }
            switch result {
            case .success(let answer): return try JSONResponse.make(answer)
            case .failure(let error): throw APIError.invalid(error)
            }
        }
    }

    /// What a saved mapping meets in its database: a kind that is not there is fine for an export
    /// (it creates it) but an import from it would fail, so the answer says so rather than
    /// refusing. A database whose kinds cannot be listed (unreachable, a family that cannot)
    /// gets no note: Test connection is where that is said.
    private func notes(_ mapping: Mapping, database id: Int64) async -> [String] {
        guard let stored = try? await context.store.database(id),
            let (family, access) = try? context.databases.open(stored), family.readsKinds,
            let kinds = try? family.kinds(access), !kinds.contains(mapping.kindName)
        else { return [] }
        return [
            "\(stored.label) has no kind \"\(mapping.kindName)\" yet: an import from it fails until it exists; an export creates it"
        ]
    }

    /// The body's ids, the mapping it holds, and the check that it fits its schema category and
    /// its database's family.
    private func read(
        _ body: RequestBody
    ) async throws -> (MappingRequest, Mapping, @Sendable (SchemaCategory) throws -> Void) {
        let request = try body.decode(MappingRequest.self)
        let database = try await context.store.database(request.database)
        let family = try context.databases.family(named: database.type, field: "database")
        // Names in the notation are looked up in the schema category (a later edit of it is
        // caught by the check below, which runs in the transaction that saves the mapping).
        let schema = request.text == nil ? nil : try await context.store.schema(request.schema).schema
        let mapping: Mapping
        do {
            mapping = try Self.mapping(request, body.json, schema: schema)
        } catch {
            throw APIError.invalid(error)
        }
        let checked = mapping
        let check: @Sendable (SchemaCategory) throws -> Void = { schema in
            let problems = checked.validate(against: schema)
            if !problems.isEmpty { throw APIError.invalid(InputError(file: "mapping", problems: problems)) }
            do throws(InputError) {
                try family.checkMapping(CategoryToModel(instance: InstanceCategory(schema: schema), mapping: checked))
            } catch {
                throw APIError.invalid(error)
            }
        }
        return (request, mapping, check)
    }

    /// The mapping of a body: `text` in the notation, else the mapping's members in JSON form.
    private static func mapping(
        _ request: MappingRequest, _ json: JSONValue, schema: SchemaCategory?
    ) throws(InputError) -> Mapping {
        if let text = request.text {
            var mapping = try AccessPathText.parseMapping(text, file: "text", schema: schema)
            mapping.name = request.name
            return mapping
        }
        let known: Set = ["name", "kindName", "rootObject", "primaryKey", "accessPath"]
        return try Mapping.decode(
            .object((json.objectMembers ?? []).filter { known.contains($0.key) }), file: "mapping")
    }
}
