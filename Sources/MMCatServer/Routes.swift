import Foundation
import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// The REST API under `/api/v1` (described in `docs/api.md` and `openapi.json`).
extension ServerContext {
    /// The public routes, then every other one in a group that checks the token outside demo
    /// mode: a route is protected unless it is added to `open`.
    func addRoutes(to router: Router<MMCatRequestContext>) {
        let open = router.group("api/v1")
        open.get("health") { _, _ in JSONResponse.make(.object([JSONMember("status", .string("ok"))])) }
        open.get("openapi.json") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
                let data = FileManager.default.contents(atPath: url.path)
            else { throw APIError(.internalServerError, "missing", "the OpenAPI document is not installed") }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        let api = router.group("api/v1")
        if !configuration.demo { api.add(middleware: TokenMiddleware(store: store)) }
        api.get("families") { _, _ in JSONResponse.make(.array(databases.all.map(Representation.family))) }
        addSchemaRoutes(api.group("schemas"))
        addSchemaEditingRoutes(api.group("schemas"))
        addDatabaseRoutes(api.group("databases"))
        addMappingRoutes(api.group("mappings"))
        addJobRoutes(api.group("jobs"))
        addInstanceRoutes(api.group("schemas"))
        addPairRoutes(api.group("schemas"))
        api.get("models") { _, _ in
            JSONResponse.make(
                .array(
                    try await store.models().map { model in
                        .object([
                            JSONMember("job", .number(String(model.jobId))),
                            JSONMember("target", .string(model.target)), JSONMember("sha256", .string(model.sha256)),
                            JSONMember("createdAt", .string(model.createdAt.formatted(.iso8601))),
                        ])
                    }))
        }
    }

    // MARK: Schema categories

    private func addSchemaRoutes(_ group: RouterGroup<MMCatRequestContext>) {
        group.get { _, _ in JSONResponse.make(.array(try await store.schemas().map(Representation.schema))) }
        group.post { request, context in
            let (name, json) = try await schemaBody(request, context)
            let id = try await store.createSchema(name: name, json: json)
            return JSONResponse.make(Representation.schema(try await store.schema(id)), status: .created)
        }
        group.get(":id") { _, context in
            JSONResponse.make(Representation.schema(try await store.schema(try context.id())))
        }
        group.put(":id") { request, context in
            let id = try context.id()
            let (name, json) = try await schemaBody(request, context)
            let schema = try SchemaCategory.decode(json, file: "schema")
            try await store.replaceSchema(id, name: name, json: json) { mappings in
                try Self.checkMappings(mappings, against: schema)
            }
            return JSONResponse.make(Representation.schema(try await store.schema(id)))
        }
        group.delete(":id") { _, context in
            try await store.deleteSchema(try context.id())
            return Response(status: .noContent)
        }
    }

    /// A schema category from the body: its name and its validated JSON form.
    private func schemaBody(_ request: Request, _ context: MMCatRequestContext) async throws -> (String, JSONValue) {
        let json = try await request.json(context: context)
        guard case .object(let members) = json else { throw APIError.invalid("expected a schema category object") }
        let body = JSONValue.object(members.filter { $0.key != "id" })
        do {
            _ = try SchemaCategory.decode(body, file: "schema")
        } catch {
            throw APIError.invalid(error)
        }
        guard case .string(let name)? = json["name"], !name.isEmpty else {
            throw APIError.invalid("a schema category needs a name", field: "name")
        }
        return (name, body)
    }

    // MARK: Databases

    private func addDatabaseRoutes(_ group: RouterGroup<MMCatRequestContext>) {
        group.get { _, _ in JSONResponse.make(.array(try await store.databases().map(Representation.database))) }
        group.post { request, context in
            let json = try await request.json(context: context)
            guard case .string(let typeName)? = json["type"] else {
                throw APIError.invalid(
                    "type must be one of \(databases.all.map(\.name).joined(separator: ", "))", field: "type")
            }
            let family = try databases.family(named: typeName)
            let (label, settings, password) = try databaseBody(json, family: family)
            let id = try await store.createDatabase(
                label: label, type: family.name, settings: settings,
                sealedPassword: try password.map(databases.secrets.seal))
            return JSONResponse.make(Representation.database(try await store.database(id)), status: .created)
        }
        group.get(":id") { _, context in
            JSONResponse.make(Representation.database(try await store.database(try context.id())))
        }
        group.patch(":id") { request, context in
            let id = try context.id()
            let existing = try await store.database(id)
            let json = try await request.json(context: context)
            if case .string(let type)? = json["type"], type != existing.type {
                throw APIError.invalid("the type of a database cannot change", field: "type")
            }
            let family = try databases.family(named: existing.type)
            let (label, settings, password) = try databaseBody(json, family: family, defaults: existing)
            try await store.updateDatabase(
                id, label: label, settings: settings, sealedPassword: try password.map(databases.secrets.seal))
            return JSONResponse.make(Representation.database(try await store.database(id)))
        }
        group.delete(":id") { _, context in
            try await store.deleteDatabase(try context.id())
            return Response(status: .noContent)
        }
        group.post(":id/test") { _, context in
            let (family, access) = try databases.open(try await store.database(try context.id()))
            try await family.testConnection(access)
            return JSONResponse.make(.object([JSONMember("ok", .bool(true))]))
        }
    }

    /// Label, settings and a new password (to be encrypted) from a database body.
    private func databaseBody(
        _ json: JSONValue, family: any DatabaseFamily, defaults: StoredDatabase? = nil
    ) throws -> (String, [String: String], String?) {
        guard case .object(let members) = json else { throw APIError.invalid("expected a database object") }
        for member in members where !["label", "type", "settings"].contains(member.key) {
            throw APIError.invalid("a database has no member \"\(member.key)\"", field: member.key)
        }
        let label: String
        switch json["label"] {
        case .string(let text)?: label = text
        case nil: label = defaults?.label ?? ""
        default: throw APIError.invalid("the label must be a string", field: "label")
        }
        guard !label.isEmpty else { throw APIError.invalid("a database needs a label", field: "label") }
        let (settings, password) = try DatabaseSettings.check(
            json["settings"], family: family, existing: defaults?.settings ?? [:], files: databases.files)
        return (label, settings, password)
    }

    // MARK: Mappings

    private func addMappingRoutes(_ group: RouterGroup<MMCatRequestContext>) {
        group.get { request, _ in
            let text = request.uri.queryParameters["schema"]
            let schema = text.flatMap { Int64(String($0)) }
            if text != nil && schema == nil {
                throw APIError.invalid("schema must be the id of a schema category", field: "schema")
            }
            return JSONResponse.make(.array(try await store.mappings(schema: schema).map(Representation.mapping)))
        }
        group.post { request, context in
            let (schema, database, mapping, check) = try await mappingBody(try await request.json(context: context))
            let id = try await store.createMapping(schema: schema, database: database, mapping: mapping, check: check)
            return JSONResponse.make(Representation.mapping(try await store.mapping(id)), status: .created)
        }
        group.get(":id") { _, context in
            JSONResponse.make(Representation.mapping(try await store.mapping(try context.id())))
        }
        group.put(":id") { request, context in
            let id = try context.id()
            let existing = try await store.mapping(id)
            let json = try await request.json(context: context)
            guard json["schema"]?.scalarText == String(existing.schemaId) else {
                throw APIError.invalid("a mapping cannot move to another schema category", field: "schema")
            }
            let (schema, database, mapping, check) = try await mappingBody(json)
            try await store.replaceMapping(id, schema: schema, database: database, mapping: mapping, check: check)
            return JSONResponse.make(Representation.mapping(try await store.mapping(id)))
        }
        group.delete(":id") { _, context in
            try await store.deleteMapping(try context.id())
            return Response(status: .noContent)
        }
    }

    /// A mapping from the body (the JSON form, or `text` in the notation), and the check that it
    /// fits its schema category and its database, which the store runs inside the transaction
    /// that saves it.
    private func mappingBody(
        _ json: JSONValue
    ) async throws -> (Int64, Int64, Mapping, @Sendable (SchemaCategory) throws -> Void) {
        guard let schemaId = json["schema"]?.scalarText.flatMap({ Int64($0) }) else {
            throw APIError.invalid("schema must be the id of a schema category", field: "schema")
        }
        guard let databaseId = json["database"]?.scalarText.flatMap({ Int64($0) }) else {
            throw APIError.invalid("database must be the id of a database", field: "database")
        }
        let family = try databases.family(named: try await store.database(databaseId).type, field: "database")
        var mapping: Mapping
        do {
            if case .string(let text)? = json["text"] {
                mapping = try AccessPathText.parseMapping(text, file: "text")
                mapping.name = json["name"]?.scalarText
            } else {
                guard case .object(let members) = json else { throw APIError.invalid("expected a mapping object") }
                let known: Set = ["name", "kindName", "rootObject", "primaryKey", "accessPath"]
                mapping = try Mapping.decode(.object(members.filter { known.contains($0.key) }), file: "mapping")
            }
        } catch let error as InputError {
            throw APIError.invalid(error)
        }
        let flat = family.kindsAreFlat
        let target = family.title
        let checked = mapping
        let check: @Sendable (SchemaCategory) throws -> Void = { schema in
            let problems = checked.validate(against: schema)
            if !problems.isEmpty { throw APIError.invalid(InputError(file: "mapping", problems: problems)) }
            if flat {
                let model = try CategoryToModel(instance: InstanceCategory(schema: schema), mapping: checked)
                if (try? FlatLayout(model: model, targetName: target)) == nil {
                    throw APIError.invalid("\(target) kinds are flat: no nested documents or maps", field: "accessPath")
                }
            }
        }
        return (schemaId, databaseId, mapping, check)
    }

    // MARK: Jobs

    private func addJobRoutes(_ group: RouterGroup<MMCatRequestContext>) {
        group.get { _, _ in JSONResponse.make(Representation.jobs(try await store.jobs(), progress: queue.progress)) }
        group.post { request, context in
            let json = try await request.json(context: context)
            guard case .string(let name)? = json["name"], !name.isEmpty else {
                throw APIError.invalid("a job needs a name", field: "name")
            }
            guard let type = json["type"]?.scalarText.flatMap(JobType.init(rawValue:)) else {
                throw APIError.invalid("type must be ModelToCategory or CategoryToModel", field: "type")
            }
            guard let mapping = json["mapping"]?.scalarText.flatMap({ Int64($0) }) else {
                throw APIError.invalid("mapping must be the id of a mapping", field: "mapping")
            }
            _ = try await store.mapping(mapping)
            let id = try await store.createJob(name: name, type: type, mapping: mapping)
            return JSONResponse.make(try await jobJSON(id), status: .created)
        }
        group.get(":id") { _, context in JSONResponse.make(try await jobJSON(try context.id())) }
        for action in ["start", "restart"] {
            group.post(":id/\(action)") { _, context in
                let job = try await queue.start(try context.id(), session: context.session)
                return JSONResponse.make(try await jobJSON(job.id))
            }
        }
        group.post(":id/cancel") { request, context in
            let body = try? await request.json(context: context)
            let reason = body?["reason"]?.scalarText ?? "canceled by the user"
            let job = try await queue.cancel(try context.id(), reason: reason)
            return JSONResponse.make(try await jobJSON(job.id))
        }
        group.delete(":id") { _, context in
            try await store.deleteJob(try context.id())
            return Response(status: .noContent)
        }
        group.get(":id/model") { _, context in
            let model = try await store.model(job: try context.id())
            return JSONResponse.make(
                .object([
                    JSONMember("job", .number(String(model.jobId))), JSONMember("target", .string(model.target)),
                    JSONMember("extension", .string(fileExtension(model.target))),
                    JSONMember("sha256", .string(model.sha256)),
                    JSONMember("text", .string(String(decoding: model.text, as: UTF8.self))),
                ]))
        }
        group.post(":id/model/execute") { _, context in
            let id = try context.id()
            let model = try await store.model(job: id)
            let mapping = try await store.mapping(try await store.job(id).mappingId)
            let (family, access) = try databases.open(try await store.database(mapping.databaseId))
            let executor = try family.executor(kind: mapping.mapping.kindName, in: access)
            do throws(InputError) {
                let written = try await executor.execute(model.text)
                return JSONResponse.make(.object([JSONMember("written", .number(String(written)))]))
            } catch {
                throw APIError(.unprocessableContent, "execution_failed", error.description)
            }
        }
        group.get(":id/model/download") { _, context in
            let id = try context.id()
            let model = try await store.model(job: id)
            let kind = try await store.mapping(try await store.job(id).mappingId).mapping.kindName
            let safe = String(kind.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/octet-stream",
                    .contentDisposition: "attachment; filename=\"\(safe).\(fileExtension(model.target))\"",
                    // The model's bytes are named by their digest: the same model, the same tag.
                    .eTag: "\"\(model.sha256)\"",
                ], body: .init(byteBuffer: ByteBuffer(bytes: model.text)))
        }
    }

    private func jobJSON(_ id: Int64) async throws -> JSONValue {
        let (job, position) = try await store.jobWithQueuePosition(id)
        return Representation.job(job, queuePosition: position, progress: queue.progress.of(id))
    }

    /// The file extension of a model written for `target`, by the printer that wrote it (`txt`
    /// for a model of a family this server no longer has).
    func fileExtension(_ target: String) -> String {
        databases.all.first { $0.printer.target == target }?.printer.fileExtension ?? "txt"
    }

    // MARK: Instance category of the session

    private func addInstanceRoutes(_ group: RouterGroup<MMCatRequestContext>) {
        group.get(":id/instance") { _, context in
            let schemaId = try context.id()
            let schema = try await store.schema(schemaId).schema
            let objects: [JSONValue] =
                await sessions.read(session: context.session, schemaId: schemaId, schema: schema) { instance in
                    instance.objects.map { object in
                        .object([
                            JSONMember("key", .number(String(object.schemaObject.key))),
                            JSONMember("label", .string(object.schemaObject.label)),
                            JSONMember("rows", .number(String(object.liveRowCount))),
                        ])
                    }
                } ?? []
            let expiry = await sessions.expiry(of: context.session)
            return JSONResponse.make(
                .object([
                    JSONMember("session", .string(context.session)), JSONMember("schema", .number(String(schemaId))),
                    JSONMember("expiresAt", expiry.map { .string($0.formatted(.iso8601)) } ?? .null),
                    JSONMember("objects", .array(objects)),
                ]))
        }
        group.get(":id/instance/objects/:key/rows") { request, context in
            let schemaId = try context.id()
            let key = try context.id("key")
            let (page, size) = try Self.paging(request)
            let schema = try await store.schema(schemaId).schema
            let result: JSONValue? =
                await sessions.read(session: context.session, schemaId: schemaId, schema: schema) { instance in
                    guard let object = instance.object(key: Int(key)) else { return nil }
                    let rows = object.liveRows
                    let slice = rows.dropFirst((page - 1) * size).prefix(size)
                    return .object([
                        JSONMember("key", .number(String(key))),
                        JSONMember("superId", .array(object.schemaObject.superId.map { .string($0.description) })),
                        JSONMember("page", .number(String(page))), JSONMember("size", .number(String(size))),
                        JSONMember("total", .number(String(rows.count))),
                        JSONMember(
                            "rows", .array(slice.map { Representation.row($0, of: object, pool: instance.pool) })),
                    ])
                } ?? nil
            guard let result else { throw APIError.notFound("object \(key) in this session's instance category") }
            return JSONResponse.make(result)
        }
    }

    private func addPairRoutes(_ group: RouterGroup<MMCatRequestContext>) {
        group.get(":id/instance/morphisms/:signature/pairs") { request, context in
            let schemaId = try context.id()
            let text = context.parameters.get("signature") ?? ""
            guard let signature = try? Signature(parsing: text), !signature.isEmpty else {
                throw APIError.invalid("\"\(text)\" is not a signature", field: "signature")
            }
            let (page, size) = try Self.paging(request)
            let schema = try await store.schema(schemaId).schema
            let result: JSONValue? =
                await sessions.read(session: context.session, schemaId: schemaId, schema: schema) { instance in
                    guard let morphism = instance.schema.morphism(signature),
                        let domain = instance.object(key: morphism.dom),
                        let codomain = instance.object(key: morphism.cod),
                        let domainIndex = instance.schema.index(ofKey: morphism.dom)
                    else { return nil }
                    instance.seal()
                    let relation = instance.relation(signature, from: domainIndex)
                    var pairs: [JSONValue] = []
                    var total = 0
                    let first = (page - 1) * size
                    for dom in domain.liveRows {
                        for cod in relation.targets(of: dom) {
                            if total >= first && pairs.count < size {
                                pairs.append(
                                    .array([
                                        Representation.row(dom, of: domain, pool: instance.pool),
                                        Representation.row(cod, of: codomain, pool: instance.pool),
                                    ]))
                            }
                            total += 1
                        }
                    }
                    return .object([
                        JSONMember("signature", .string(signature.description)),
                        JSONMember("dom", .number(String(morphism.dom))),
                        JSONMember("cod", .number(String(morphism.cod))),
                        JSONMember("page", .number(String(page))), JSONMember("size", .number(String(size))),
                        JSONMember("total", .number(String(total))), JSONMember("pairs", .array(pairs)),
                    ])
                } ?? nil
            guard let result else {
                throw APIError.notFound("morphism \(signature) in this session's instance category")
            }
            return JSONResponse.make(result)
        }
    }

    /// The `page` (from 1) and `size` (1 to 1000, default 50) of a request for rows or pairs. A
    /// page beyond a billion rows is refused rather than computed, so the offset cannot overflow.
    static func paging(_ request: Request) throws -> (Int, Int) {
        let parameters = request.uri.queryParameters
        let page = try parameters["page"].map { text in
            guard let page = Int(text), (1...1_000_000_000).contains(page) else {
                throw APIError.invalid("page must be a number from 1 to 1000000000", field: "page")
            }
            return page
        }
        let size = try parameters["size"].map { text in
            guard let size = Int(text), (1...1000).contains(size) else {
                throw APIError.invalid("size must be a number from 1 to 1000", field: "size")
            }
            return size
        }
        return (page ?? 1, size ?? 50)
    }
}
