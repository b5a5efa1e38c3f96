import Foundation
import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// Editing a schema category one object or morphism at a time (what the schema editor does): each
/// change is applied to the stored document, the whole category is validated again, and a change
/// that would break a mapping is refused with the mapping's name.
extension ServerContext {
    func addSchemaEditingRoutes(_ group: RouterGroup<MMCatRequestContext>) {
        group.post(":id/objects") { request, context in
            let body = try await Self.object(request, context)
            let stored = try await edit(try context.id()) { objects, _ in
                var object = body
                if object["key"] == nil {
                    let largest = objects.compactMap { $0["key"]?.scalarText.flatMap(Int.init) }.max() ?? 0
                    let (next, overflow) = largest.addingReportingOverflow(1)
                    guard !overflow else {
                        throw APIError.invalid("the largest key is taken: give the new object a key", field: "key")
                    }
                    object = .object([JSONMember("key", .number(String(next)))] + Self.members(body))
                }
                objects.append(object)
            }
            return JSONResponse.make(Representation.schema(stored), status: .created)
        }
        group.patch(":id/objects/:key") { request, context in
            let key = try context.id("key")
            let changes = try await Self.object(request, context)
            let stored = try await edit(try context.id()) { objects, _ in
                guard let index = objects.firstIndex(where: { $0["key"]?.scalarText == String(key) }) else {
                    throw APIError.notFound("object \(key)")
                }
                objects[index] = Self.merge(objects[index], changes, except: ["key"])
            }
            return JSONResponse.make(Representation.schema(stored))
        }
        group.delete(":id/objects/:key") { _, context in
            let key = try context.id("key")
            let stored = try await edit(try context.id()) { objects, morphisms in
                guard objects.contains(where: { $0["key"]?.scalarText == String(key) }) else {
                    throw APIError.notFound("object \(key)")
                }
                let touching = morphisms.filter {
                    $0["dom"]?.scalarText == String(key) || $0["cod"]?.scalarText == String(key)
                }
                if let first = touching.first {
                    throw APIError.conflict(
                        "object \(key) is an end of morphism \(first["signature"]?.scalarText ?? ""); delete its morphisms first"
                    )
                }
                objects.removeAll { $0["key"]?.scalarText == String(key) }
            }
            return JSONResponse.make(Representation.schema(stored))
        }
        group.post(":id/morphisms") { request, context in
            let body = try await Self.object(request, context)
            let stored = try await edit(try context.id()) { _, morphisms in
                let used = morphisms.compactMap { $0["signature"]?.scalarText.flatMap { Int32($0) } }.map(\.magnitude)
                let number: UInt32
                if let given = body["signature"] {
                    guard let parsed = given.scalarText.flatMap(Int32.init), parsed > 0 else {
                        throw APIError.invalid(
                            "a new base morphism has a positive number below 2147483648", field: "signature")
                    }
                    number = UInt32(parsed)
                } else {
                    number = (used.max() ?? 0) + 1
                    guard number <= UInt32(Int32.max) else {
                        throw APIError.invalid(
                            "the largest number is taken: give the morphism a signature", field: "signature")
                    }
                }
                guard !used.contains(number) else {
                    throw APIError.conflict("morphism \(number) exists already", field: "signature")
                }
                guard let dom = body["dom"], let cod = body["cod"] else {
                    throw APIError.invalid("a morphism needs dom and cod", field: "dom")
                }
                let dual = body["dual"]
                morphisms.append(
                    .object([
                        JSONMember("signature", .string(String(number))), JSONMember("dom", dom),
                        JSONMember("cod", cod),
                        JSONMember("min", body["min"] ?? .string("ONE")),
                        JSONMember("max", body["max"] ?? .string("ONE")),
                    ]))
                morphisms.append(
                    .object([
                        JSONMember("signature", .string("-\(number)")), JSONMember("dom", cod),
                        JSONMember("cod", dom),
                        JSONMember("min", dual?["min"] ?? .string("ZERO")),
                        JSONMember("max", dual?["max"] ?? .string("STAR")),
                    ]))
            }
            return JSONResponse.make(Representation.schema(stored), status: .created)
        }
        group.patch(":id/morphisms/:signature") { request, context in
            let signature = context.parameters.get("signature") ?? ""
            let changes = try await Self.object(request, context)
            let stored = try await edit(try context.id()) { _, morphisms in
                guard let index = morphisms.firstIndex(where: { $0["signature"]?.scalarText == signature }) else {
                    throw APIError.notFound("morphism \(signature)")
                }
                morphisms[index] = Self.merge(morphisms[index], changes, except: ["signature", "dom", "cod"])
            }
            return JSONResponse.make(Representation.schema(stored))
        }
        group.delete(":id/morphisms/:signature") { _, context in
            let text = context.parameters.get("signature") ?? ""
            guard let signature = try? Signature(parsing: text), signature.isBase else {
                throw APIError.invalid("only a base morphism (with its dual) can be deleted", field: "signature")
            }
            let both = [signature.description, signature.dual.description]
            let stored = try await edit(try context.id()) { _, morphisms in
                guard morphisms.contains(where: { both.contains($0["signature"]?.scalarText ?? "") }) else {
                    throw APIError.notFound("morphism \(text)")
                }
                morphisms.removeAll { both.contains($0["signature"]?.scalarText ?? "") }
            }
            return JSONResponse.make(Representation.schema(stored))
        }
    }

    /// Applies `change` to the stored objects and morphisms, validates, checks the mappings and
    /// saves, all in one transaction of the store: two edits at once follow one another, and a
    /// mapping saved meanwhile is checked against the edited category or checks it.
    private func edit(
        _ id: Int64, _ change: @escaping @Sendable (inout [JSONValue], inout [JSONValue]) throws -> Void
    ) async throws -> StoredSchema {
        try await store.editSchema(id) { stored, mappings in
            var objects: [JSONValue] = []
            var morphisms: [JSONValue] = []
            if case .array(let list)? = stored.json["objects"] { objects = list }
            if case .array(let list)? = stored.json["morphisms"] { morphisms = list }
            try change(&objects, &morphisms)
            let json = JSONValue.object(
                Self.members(stored.json).filter { $0.key != "objects" && $0.key != "morphisms" } + [
                    JSONMember("objects", .array(objects)), JSONMember("morphisms", .array(morphisms)),
                ])
            let schema: SchemaCategory
            do throws(InputError) {
                schema = try SchemaCategory.decode(json, file: "schema")
            } catch {
                throw APIError.invalid(error)
            }
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
        let json = try await request.json(context: context)
        guard case .object = json else { throw APIError.invalid("expected an object") }
        return json
    }

    private static func members(_ json: JSONValue) -> [JSONMember] {
        if case .object(let members) = json { return members }
        return []
    }

    /// `base` with the members of `changes` replacing or adding theirs, except the `except` keys.
    private static func merge(_ base: JSONValue, _ changes: JSONValue, except: Set<String>) -> JSONValue {
        var members = Self.members(base)
        for change in Self.members(changes) where !except.contains(change.key) {
            if let index = members.firstIndex(where: { $0.key == change.key }) {
                members[index] = change
            } else {
                members.append(change)
            }
        }
        return .object(members)
    }
}
