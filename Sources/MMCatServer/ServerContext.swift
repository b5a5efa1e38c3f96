import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MMCat
import MMCatJobs
import MMCatStore

/// Everything a request handler needs: the store, the sessions, the job queue and the settings.
public struct ServerContext: Sendable {
    public let store: MetadataStore
    package let sessions: SessionStore
    package let queue: JobQueue
    package let configuration: ServerConfiguration
    /// The database families, and how a stored database is opened (password, allowed folders).
    package let databases: DatabaseFamilies
    /// This server's name in a shared store: the jobs started here run here, where the session's
    /// instance category is (see docs/decisions.md).
    package let serverId: String
}

/// How `mmcat serve` runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The folder of the server's own files: the metadata store (`metadata.sqlite`) unless
    /// `store` names another, the key that encrypts passwords (`secret.key`) and the server's name
    /// (`server-id`). nil keeps everything in memory.
    public var dataDirectory: String?
    /// A `postgres://` URL: the metadata store lives in that PostgreSQL database, which several
    /// servers can share; nil keeps it in `dataDirectory`.
    public var store: String?
    /// Demo mode: no token needed, and a fresh store gets the demo workspace.
    public var demo = false
    public var jobDelay: Duration = .zero
    public var sessionTimeout: Duration = .seconds(30 * 60)
    /// The most bytes all sessions' instance categories may hold in memory together (the least
    /// recently used leave memory first; a job whose instance alone needs more is stopped); nil
    /// for no limit. `mmcat serve` defaults to half of the machine's memory.
    public var maxInstanceMemory: Int?
    /// The folder of the browser application served at `/`; nil serves the API only.
    public var publicDirectory: String?
    /// The folders file and SQLite databases may lie in (`--files-root`). In demo mode the demo
    /// workspace's folder is allowed too, and always the uploads folder (``uploadsFolder``).
    public var filesRoots: [String] = []
    /// The database families the server offers (the executable passes `Families.all`).
    public var families: [any DatabaseFamily] = []
    /// The least severe log messages written: `info` logs every request and job event.
    public var logLevel: Logger.Level = .info

    public init() {}

    /// Where uploaded files are kept, a folder per upload: `DATA/uploads`, or a folder of its own
    /// in the temporary folder for a server without a data folder. Databases may lie in it.
    public var uploadsFolder: String {
        dataDirectory.map { $0 + "/uploads" }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-uploads-\(getpid())").path
    }
}

/// The request context: Hummingbird's core storage plus the caller's session.
package struct MMCatRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The session this request belongs to (from the cookie or the `X-MMCat-Session` header).
    package var session = ""

    package init(source: Source) {
        coreContext = .init(source: source)
    }
}

/// Finds the caller's session, or starts one, and tells the caller which it is.
struct SessionMiddleware: RouterMiddleware {
    static let header = HTTPField.Name("X-MMCat-Session")!
    static let cookie = "mmcat_session"

    /// Puts the browser in `session`: the session's cookie (HttpOnly, out of the page's reach)
    /// and the header that tells other clients.
    static func setCookie(_ session: String, on response: inout Response) {
        response.headers[header] = session
        response.setCookie(Cookie(name: cookie, value: session, path: "/", httpOnly: true, sameSite: .lax))
    }

    func handle(
        _ request: Request, context: MMCatRequestContext, next: (Request, MMCatRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        let given = request.headers[Self.header] ?? request.cookies[Self.cookie]?.value
        let session = given.flatMap { $0.count <= 64 && !$0.isEmpty ? $0 : nil } ?? UUID().uuidString.lowercased()
        context.session = session
        var response = try await next(request, context)
        // A handler that moved the caller to another session (``SessionController``) said so.
        guard response.headers[Self.header] == nil else { return response }
        response.headers[Self.header] = session
        if given == nil { Self.setCookie(session, on: &response) }
        return response
    }
}

extension MMCatRequestContext {
    /// The integer path parameter `name`, or a 400.
    func id(_ name: String = "id") throws -> Int64 {
        guard let value = parameters.get(name, as: Int64.self) else {
            throw APIError.invalid("\(name) must be an integer", field: name)
        }
        return value
    }
}
