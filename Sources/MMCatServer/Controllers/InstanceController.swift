import Hummingbird
import MMCat
import MMCatJobs
import MMCatStore

/// `/schemas/{id}/instance`: the caller's session's instance category of a schema category, its
/// objects' rows and its morphisms' pairs, a page at a time.
struct InstanceController {
    let context: ServerContext

    func add(to group: RouterGroup<MMCatRequestContext>) {
        let (store, sessions) = (context.store, context.sessions)
        group.get(":id/instance") { _, context in
            let schemaId = try context.id()
            let schema = try await store.schema(schemaId).schema
            let objects =
                await sessions.read(session: context.session, schemaId: schemaId, schema: schema) { instance in
                    instance.objects.map { object in
                        InstanceAnswer.Object(
                            key: object.schemaObject.key, label: object.schemaObject.label, rows: object.liveRowCount)
                    }
                } ?? []
            let expiry = await sessions.expiry(of: context.session)
            return try JSONResponse.make(
                InstanceAnswer(
                    session: context.session, schema: schemaId, expiresAt: expiry?.formatted(.iso8601),
                    objects: objects))
        }
        group.get(":id/instance/objects/:key/rows") { request, context in
            let schemaId = try context.id()
            let key = try context.id("key")
            let (page, size) = try Self.paging(request)
            let schema = try await store.schema(schemaId).schema
            let result: RowsAnswer? =
                await sessions.read(session: context.session, schemaId: schemaId, schema: schema) { instance in
                    guard let object = instance.object(key: Int(key)) else { return nil }
                    let rows = object.liveRows
                    let slice = rows.dropFirst((page - 1) * size).prefix(size)
                    return RowsAnswer(
                        key: key, superId: object.schemaObject.superId.map(\.description), page: page, size: size,
                        total: rows.count, rows: slice.map { PairsAnswer.row($0, of: object, pool: instance.pool) })
                } ?? nil
            guard let result else { throw APIError.notFound("object \(key) in this session's instance category") }
            return try JSONResponse.make(result)
        }
        group.get(":id/instance/objects/:key/records") { request, context in
            let schemaId = try context.id()
            let key = try context.id("key")
            let query = try Self.recordQuery(request)
            let schema = try await store.schema(schemaId).schema
            let result: RecordsAnswer? =
                await sessions.read(session: context.session, schemaId: schemaId, schema: schema) { instance in
                    InstanceRecords(instance: instance, key: Int(key)).map { RecordsAnswer($0, query: query) }
                } ?? nil
            guard let result else { throw APIError.notFound("object \(key) in this session's instance category") }
            return try JSONResponse.make(result)
        }
        group.get(":id/instance/morphisms/:signature/pairs") { request, context in
            let schemaId = try context.id()
            let text = context.parameters.get("signature") ?? ""
            guard let signature = try? Signature(parsing: text), !signature.isEmpty else {
                throw APIError.invalid("\"\(text)\" is not a signature", field: "signature")
            }
            let (page, size) = try Self.paging(request)
            let schema = try await store.schema(schemaId).schema
            let result: PairsAnswer? =
                await sessions.read(session: context.session, schemaId: schemaId, schema: schema) { instance in
                    Self.pairs(of: signature, in: instance, page: page, size: size)
                } ?? nil
            guard let result else {
                throw APIError.notFound("morphism \(signature) in this session's instance category")
            }
            return try JSONResponse.make(result)
        }
    }

    /// One page of the pairs of `signature`, in the order of the domain's rows.
    private static func pairs(of signature: Signature, in instance: InstanceCategory, page: Int, size: Int)
        -> PairsAnswer?
    {
        guard let morphism = instance.schema.morphism(signature),
            let domain = instance.object(key: morphism.dom),
            let codomain = instance.object(key: morphism.cod),
            let domainIndex = instance.schema.index(ofKey: morphism.dom)
        else { return nil }
        instance.seal()
        let relation = instance.relation(signature, from: domainIndex)
        var pairs: [[JSONValue]] = []
        var total = 0
        let first = (page - 1) * size
        for dom in domain.liveRows {
            for cod in relation.targets(of: dom) {
                if total >= first && pairs.count < size {
                    pairs.append([
                        PairsAnswer.row(dom, of: domain, pool: instance.pool),
                        PairsAnswer.row(cod, of: codomain, pool: instance.pool),
                    ])
                }
                total += 1
            }
        }
        return PairsAnswer(
            signature: signature.description, dom: morphism.dom, cod: morphism.cod, page: page, size: size,
            total: total, pairs: pairs)
    }

    /// What a request for records asks: `search` (up to 200 characters), `filter` (repeatable,
    /// `SIGNATURE:VALUE`, ε written `ε` or left empty), `sort` (a signature) and `order` (`asc`,
    /// the default, or `desc`), with the page and size of ``paging(_:)``.
    static func recordQuery(_ request: Request) throws -> InstanceRecords.Query {
        let parameters = request.uri.queryParameters
        let (page, size) = try paging(request)
        let signature = { (text: Substring, field: String) throws -> Signature in
            guard let signature = try? Signature(parsing: text == "ε" ? "" : String(text)) else {
                throw APIError.invalid("\"\(text)\" is not a signature", field: field)
            }
            return signature
        }
        let search = String(parameters["search"] ?? "")
        guard search.count <= 200 else { throw APIError.invalid("a search is at most 200 characters", field: "search") }
        let filters = try parameters[values: "filter"].map { filter in
            guard let colon = filter.utf8.firstIndex(of: UInt8(ascii: ":")) else {
                throw APIError.invalid("a filter is SIGNATURE:VALUE, not \"\(filter)\"", field: "filter")
            }
            return (
                signature: try signature(filter[..<colon], "filter"),
                value: String(filter[filter.index(after: colon)...])
            )
        }
        let order = parameters["order"] ?? "asc"
        guard order == "asc" || order == "desc" else {
            throw APIError.invalid("order is asc or desc", field: "order")
        }
        return InstanceRecords.Query(
            search: search, filters: filters, sort: try parameters["sort"].map { try signature($0, "sort") },
            descending: order == "desc", page: page, size: size)
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
