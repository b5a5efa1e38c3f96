import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// `POST /schemas/{id}/query`: a query over the schema category, answered over the caller's
/// session's instance category or over the databases of the schema's mappings.
struct QueryController {
    let context: ServerContext

    func add(to group: RouterGroup<MMCatRequestContext>) {
        let (store, sessions, databases) = (context.store, context.sessions, context.databases)
        group.post(":id/query") { request, context in
            let schemaId = try context.id()
            let body = try await RequestBody(request).decode(QueryRequest.self)
            let page = body.page ?? 1
            let size = body.size ?? 50
            guard (1...1_000_000_000).contains(page) else {
                throw APIError.invalid("page must be a number from 1 to 1000000000", field: "page")
            }
            guard (1...1000).contains(size) else {
                throw APIError.invalid("size must be a number from 1 to 1000", field: "size")
            }
            guard body.query.utf8.count <= 100_000 else {
                throw APIError.invalid("the query is longer than 100000 bytes", field: "query")
            }
            let schema = try await store.schema(schemaId).schema
            let source = body.source ?? .session
            let result: QueryRunner.Result
            do {
                switch source {
                case .session:
                    // A copy (its storage shared until either changes) is queried off the session
                    // store and off the event loops: a long query holds up no one else.
                    let copy = await sessions.read(session: context.session, schemaId: schemaId, schema: schema) {
                        instance in instance.copy()
                    }
                    // A session without data answers over an empty instance: the query is still checked.
                    let instance = copy ?? InstanceCategory(schema: schema)
                    result = try await Offload.run {
                        try QueryRunner.answer(body.query, instance: instance, page: (page, size))
                    }
                case .databases:
                    let (kinds, skipped) = try await Self.readableKinds(schemaId, store: store, databases: databases)
                    // Reading the kinds blocks: off the event loops.
                    var answered = try await Offload.run { [kinds] in
                        try QueryRunner.answer(body.query, schema: schema, kinds: kinds, page: (page, size))
                    }
                    if !skipped.isEmpty {
                        answered.answer.plan.children.append(
                            QueryPlan(
                                operation: "not read",
                                children: skipped.map { QueryPlan(operation: "kind", detail: $0) }))
                    }
                    result = answered
                }
            } catch let error as QueryError {
                throw APIError.invalid(error.description, field: "query")
            }
            return try JSONResponse.make(QueryAnswer(source: source.rawValue, page: page, size: size, result: result))
        }
    }

    /// The schema's mappings whose databases hold their kinds now (an export's target may not
    /// exist yet), and why each of the others is left out.
    private static func readableKinds(_ schemaId: Int64, store: MetadataStore, databases: DatabaseFamilies)
        async throws -> (kinds: [QueryRunner.Kind], skipped: [String])
    {
        var kinds: [QueryRunner.Kind] = []
        var skipped: [String] = []
        var listed: [Int64: Result<Set<String>, DatabaseError>] = [:]
        for stored in try await store.mappings(schema: schemaId) {
            let database = try await store.database(stored.databaseId)
            let (family, access) = try databases.open(database)
            let name = "\(stored.mapping.kindName) of \(database.label)"
            guard family.readsKinds else {
                skipped.append("\(name): \(family.title) kinds cannot be read")
                continue
            }
            if listed[database.id] == nil {
                do {
                    listed[database.id] = .success(try await Offload.run { Set(try family.kinds(access)) })
                } catch let error as DatabaseError {
                    listed[database.id] = .failure(error)
                }
            }
            switch listed[database.id]! {
            case .failure(let error): skipped.append("\(name): \(error.message)")
            case .success(let held) where !held.contains(stored.mapping.kindName):
                skipped.append("\(name): the database has no such kind")
            case .success:
                kinds.append(
                    QueryRunner.Kind(mapping: stored.mapping, database: database.label, family: family, access: access))
            }
        }
        return (kinds, skipped)
    }
}
