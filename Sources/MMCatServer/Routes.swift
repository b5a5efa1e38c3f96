import Foundation
import Hummingbird
import MMCat

/// The REST API under `/api/v1` (described in `docs/api.md` and `openapi.json`), one controller
/// per resource.
extension ServerContext {
    /// The public routes, then every other one in a group that checks the token outside demo
    /// mode: a route is protected unless it is added to `open`.
    func addRoutes(to router: Router<MMCatRequestContext>) {
        let open = router.group("api/v1")
        open.get("health") { _, _ in try JSONResponse.make(HealthAnswer()) }
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
        DatabaseController(context: self).addFamilies(to: api)
        SessionController(context: self).add(to: api.group("session"))
        SchemaController(context: self).add(to: api.group("schemas"))
        SchemaEditingController(context: self).add(to: api.group("schemas"))
        InstanceController(context: self).add(to: api.group("schemas"))
        QueryController(context: self).add(to: api.group("schemas"))
        DatabaseController(context: self).add(to: api.group("databases"))
        MappingController(context: self).add(to: api.group("mappings"))
        JobController(context: self).add(to: api.group("jobs"))
        ModelController(context: self).add(to: api.group("jobs"))
        ModelController(context: self).addList(to: api)
    }
}
