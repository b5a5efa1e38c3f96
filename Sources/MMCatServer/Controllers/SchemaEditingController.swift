import Foundation
import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// `/schemas/{id}/objects` and `/schemas/{id}/morphisms`, the schema editor's routes: each
/// translates one request into a ``SchemaEdit`` (the rules live in the core), which the store
/// applies inside one transaction with the check that every mapping over the category still
/// fits; a change that would break one is refused with its name.
struct SchemaEditingController {
    let context: ServerContext

    func add(to group: RouterGroup<MMCatRequestContext>) {
        group.post(":id/objects") { request, context in
            let edit = SchemaEdit.addObject(try await Self.object(request, context))
            return try JSONResponse.make(SchemaAnswer(try await apply(edit, to: context.id())), status: .created)
        }
        group.patch(":id/objects/:key") { request, context in
            guard let key = Int(exactly: try context.id("key")) else {
                throw APIError.invalid("key must be an integer", field: "key")
            }
            let edit = SchemaEdit.changeObject(key: key, changes: try await Self.object(request, context))
            return try JSONResponse.make(SchemaAnswer(try await apply(edit, to: context.id())))
        }
        group.delete(":id/objects/:key") { _, context in
            guard let key = Int(exactly: try context.id("key")) else {
                throw APIError.invalid("key must be an integer", field: "key")
            }
            return try JSONResponse.make(SchemaAnswer(try await apply(.removeObject(key: key), to: context.id())))
        }
        group.post(":id/morphisms") { request, context in
            let edit = SchemaEdit.addMorphism(try await Self.object(request, context))
            return try JSONResponse.make(SchemaAnswer(try await apply(edit, to: context.id())), status: .created)
        }
        group.patch(":id/morphisms/:signature") { request, context in
            let signature = context.parameters.get("signature") ?? ""
            let edit = SchemaEdit.changeMorphism(signature: signature, changes: try await Self.object(request, context))
            return try JSONResponse.make(SchemaAnswer(try await apply(edit, to: context.id())))
        }
        group.delete(":id/morphisms/:signature") { _, context in
            let text = context.parameters.get("signature") ?? ""
            guard let signature = try? Signature(parsing: text) else {
                throw APIError.invalid("only a base morphism (with its dual) can be deleted", field: "signature")
            }
            return try JSONResponse.make(SchemaAnswer(try await apply(.removeMorphism(signature), to: context.id())))
        }
    }

    /// Applies `edit` to the stored category, checks the mappings and saves, all in one
    /// transaction of the store: two edits at once follow one another, and a mapping saved
    /// meanwhile is checked against the edited category or checks it.
    private func apply(_ edit: SchemaEdit, to id: Int64) async throws -> StoredSchema {
        try await context.store.editSchema(id) { stored, mappings in
            let (json, schema) = try edit.apply(to: stored.json)
            try Self.checkMappings(mappings, against: schema)
            return json
        }
    }

    /// Refuses a schema that a mapping over it would not fit, naming the mapping.
    static func checkMappings(_ mappings: [StoredMapping], against schema: SchemaCategory) throws {
        for stored in mappings {
            if let first = stored.mapping.validate(against: schema).first {
                throw APIError.conflict(
                    "the change breaks the mapping \"\(stored.mapping.name ?? stored.mapping.kindName)\": \(first)")
            }
        }
    }

    private static func object(_ request: Request, _ context: MMCatRequestContext) async throws -> JSONValue {
        let json = try await RequestBody(request).json
        guard case .object = json else { throw APIError.invalid("expected an object") }
        return json
    }
}
