import Hummingbird
import MMCat
import MMCatStore

/// `/schemas`: list, create, read, replace and delete schema categories. A body is a schema
/// category document (`formats.md`) with its name, read by the core's decoder, which names every
/// problem; a replacement that a mapping over it would not fit is refused with the mapping's name.
struct SchemaController {
    let context: ServerContext

    func add(to group: RouterGroup<MMCatRequestContext>) {
        let store = context.store
        group.get { _, _ in try JSONResponse.make(try await store.schemas().map(SchemaAnswer.init)) }
        group.post { request, _ in
            let (name, json) = try await Self.body(request)
            let id = try await store.createSchema(name: name, json: json)
            return try JSONResponse.make(SchemaAnswer(try await store.schema(id)), status: .created)
        }
        group.get(":id") { _, context in try JSONResponse.make(SchemaAnswer(try await store.schema(try context.id()))) }
        group.put(":id") { request, context in
            let id = try context.id()
            let (name, json) = try await Self.body(request)
            let schema = try SchemaCategory.decode(json, file: "schema")
            try await store.replaceSchema(id, name: name, json: json) { mappings in
                try SchemaEditingController.checkMappings(mappings, against: schema)
            }
            return try JSONResponse.make(SchemaAnswer(try await store.schema(id)))
        }
        group.delete(":id") { _, context in
            try await store.deleteSchema(try context.id())
            return Response(status: .noContent)
        }
    }

    /// A schema category from the body: its name and its validated JSON form.
    private static func body(_ request: Request) async throws -> (String, JSONValue) {
        let json = try await RequestBody(request).json
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
}
