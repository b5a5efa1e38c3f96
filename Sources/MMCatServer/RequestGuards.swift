import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MMCat
import MMCatJobs
import MMCatStore

/// Refuses a request whose path is not in canonical form: an empty segment (`//`), a `.` or `..`
/// segment, a backslash or any percent-encoding. The router reads `//api/v1/jobs` as
/// `/api/v1/jobs`; a check that looked at the raw path would read it otherwise. With one
/// canonical spelling per route, what the guards see is what the router serves.
///
/// ```swift
/// // given: router: Router<MMCatRequestContext>
/// router.add(middleware: CanonicalPathMiddleware())   // first, before anything reads the path
/// ```
struct CanonicalPathMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: MMCatRequestContext, next: (Request, MMCatRequestContext) async throws -> Response
    ) async throws -> Response {
        guard Self.isCanonical(request.uri.path) else {
            throw APIError.invalid(
                "the path must be written plainly: no empty, \".\" or \"..\" segments, backslashes or percent-encoding")
        }
        return try await next(request, context)
    }

    /// Whether `path` starts with `/` and has no empty, `.` or `..` segment (a trailing `/` aside),
    /// no `\` and no `%`.
    static func isCanonical(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.containsASCII("\\"), !path.containsASCII("%") else { return false }
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty && index < segments.count - 1 { return false }
            if segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) { return false }
        }
        return true
    }
}

/// Outside demo mode a route needs `Authorization: Bearer TOKEN` (`mmcat token create`). The
/// check is part of each route's own responder (every route but `/health` and `/openapi.json` is
/// added to the group that has it; see ``ServerContext/addRoutes(to:)``), not a test of the
/// request's path: however a path is spelled, the route it reaches checks the token.
struct TokenMiddleware: RouterMiddleware {
    let store: MetadataStore

    func handle(
        _ request: Request, context: MMCatRequestContext, next: (Request, MMCatRequestContext) async throws -> Response
    ) async throws -> Response {
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), try await store.isValidToken(String(header.dropFirst(7))) else {
            throw APIError(
                .unauthorized, "unauthorized",
                "this server needs a token: Authorization: Bearer TOKEN (mmcat token create)")
        }
        return try await next(request, context)
    }
}

/// Stops cross-site requests: a request that changes something (any method but GET, HEAD and
/// OPTIONS) from a browser page of another origin is refused, and a body must be declared
/// `application/json`. A form on any web page can send `text/plain` without asking; only a
/// page of the server's own origin can send JSON, so together these keep a demo server (which
/// has no token) from being written to by the pages its user visits.
struct CrossSiteMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: MMCatRequestContext, next: (Request, MMCatRequestContext) async throws -> Response
    ) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        if let origin = request.headers[.origin], !Self.isSameOrigin(origin, host: request.head.authority) {
            throw APIError(
                .forbidden, "cross_site",
                "requests from \(origin) are not allowed: this server takes changes only from its own pages")
        }
        if request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "cross-site" {
            throw APIError(.forbidden, "cross_site", "cross-site requests are not allowed")
        }
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        if hasBody {
            let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
            guard type?.lowercased() == "application/json" else {
                throw APIError(
                    .unsupportedMediaType, "unsupported_media_type",
                    "a request body must be JSON, sent with Content-Type: application/json")
            }
        }
        return try await next(request, context)
    }

    /// Whether the `Origin` header names this server (its scheme aside): `http://HOST:PORT` where
    /// HOST:PORT is the request's own `Host`.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let components = URLComponents(string: origin), let originHost = components.host else {
            return false
        }
        let authority = components.port.map { "\(originHost):\($0)" } ?? originHost
        return authority.lowercased() == host.lowercased()
    }
}

/// The outermost middleware. Every answer carries the security headers (no content sniffing, no
/// framing, no referrer, and a content security policy that runs only the server's own script
/// files), and every failure is a JSON error: the errors of the layers below (``InputError``,
/// ``StoreError``, ``JobError``, ``DatabaseError``) get their status from ``APIError/init(_:)``,
/// the one place that maps errors to HTTP, and any other (a bug) is logged with its cause and
/// answered as a 500 that says to read the log.
struct ResponseGuardMiddleware: RouterMiddleware {
    let logger: Logger

    static let policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func handle(
        _ request: Request, context: MMCatRequestContext, next: (Request, MMCatRequestContext) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch let error where APIError(error) != nil {
            response = try APIError(error)!.response(from: request, context: context)
        } catch {
            logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            response = try APIError(
                .internalServerError, "internal", "the server could not complete the request; its log says why"
            ).response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

/// Logs every request once it is answered, at `info`: method, path (never the query string or a
/// header, where a token could be), status and time in milliseconds, with the session when it
/// has one (`GET /api/v1/jobs 200 3 ms`). Outermost, so failures are logged with the status
/// ``ResponseGuardMiddleware`` gave them.
struct RequestLogMiddleware: RouterMiddleware {
    let logger: Logger

    func handle(
        _ request: Request, context: MMCatRequestContext, next: (Request, MMCatRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(milliseconds) ms")
        return response
    }
}
