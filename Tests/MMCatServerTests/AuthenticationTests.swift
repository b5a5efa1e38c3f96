import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MMCat
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// Every route the router has needs a token outside demo mode, however its path is written; only
/// `/health`, `/openapi.json` and the web application's files are public.
@Suite struct AuthenticationTests {
    /// The spellings of one path an attacker would try: doubled slashes, dot segments,
    /// percent-encoding, another case, a trailing slash.
    static func variants(of path: String) -> [String] {
        let rest = path.dropFirst()  // without the leading "/"
        return [
            path, "/" + path, "//" + rest, path.replacingOccurrences(of: "/v1/", with: "//v1/"),
            path.replacingOccurrences(of: "/api/", with: "/api/./"),
            path.replacingOccurrences(of: "/api/", with: "/api/x/../"), path + "/",
            path.replacingOccurrences(of: "/api/", with: "/%61pi/"),
            path.replacingOccurrences(of: "/api/", with: "/api%2F"), path.uppercased(),
            path.replacingOccurrences(of: "/api/", with: "\\api/"),
        ]
    }

    /// A route's path with its parameters filled in (`:id` and the others become `1`).
    static func concrete(_ route: String) -> String {
        route.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? "1" : String($0) }
            .joined(separator: "/")
    }

    @Test func noRouteAnswersWithoutATokenWhateverItsSpelling() async throws {
        var configuration = ServerConfiguration.standard
        configuration.publicDirectory = TestSupport.repository.appendingPathComponent("Public").path
        let context = try await ServerContext.open(configuration)
        let router = context.router()
        let routes = router.routes.map { (Self.concrete($0.path.description), $0.method) }
        // Not a hand-kept list: the router's own, which holds the whole API.
        #expect(routes.count > 30)
        let open: Set = ["/api/v1/health", "/api/v1/openapi.json"]
        try await Application(router: router).test(.router) { client in
            for (path, method) in routes {
                let path = path.hasPrefix("/") ? path : "/" + path
                for variant in Self.variants(of: path) {
                    let response = try await client.execute(
                        uri: variant, method: method, headers: [.contentType: "application/json"],
                        body: method == .get ? nil : ByteBuffer(string: "{}"))
                    if variant == path && open.contains(path) {
                        #expect(response.status == .ok, "\(method) \(variant)")
                    } else if variant == path {
                        #expect(response.status == .unauthorized, "\(method) \(variant)")
                    } else if open.contains(path) {
                        #expect(response.status != .internalServerError, "\(method) \(variant)")
                    } else {
                        // Refused as not canonical (400), as unauthorized, or not found: never served.
                        #expect(
                            [.badRequest, .unauthorized, .notFound, .methodNotAllowed].contains(response.status),
                            "\(method) \(variant) answered \(response.status)")
                    }
                }
            }
            // The web application's files are public.
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/app.js", method: .get).status == .ok)
        }
    }

    @Test func aValidTokenOpensEveryRouteAndAWrongOneNone() async throws {
        let context = try await ServerContext.open(ServerConfiguration.standard)
        let token = try await context.store.createToken()
        try await context.application().test(.router) { client in
            let good = try await client.execute(
                uri: "/api/v1/schemas", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(good.status == .ok)
            for header in ["Bearer \(token)x", "Bearer ", "bearer \(token)", token] {
                let bad = try await client.execute(
                    uri: "/api/v1/schemas", method: .get, headers: [.authorization: header])
                #expect(bad.status != .ok, "\(header)")
            }
        }
    }
}
