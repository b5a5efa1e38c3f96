import Foundation
import Hummingbird
import Logging
import MMCat
import ServiceLifecycle

extension ServerContext {
    /// Opens the store (in `configuration.dataDirectory`, or in memory), recovers the job queue and,
    /// in demo mode on an empty store, adds the demo workspace.
    public static func open(_ configuration: ServerConfiguration) throws -> ServerContext {
        var path: String?
        if let directory = configuration.dataDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = URL(fileURLWithPath: directory).appendingPathComponent("metadata.sqlite").path
        }
        let store = try MetadataStore(path: path)
        let sessions = SessionStore(idleTimeout: configuration.sessionTimeout)
        let secrets = try SecretBox(directory: configuration.dataDirectory)
        let context = ServerContext(
            store: store, sessions: sessions,
            queue: JobQueue(store: store, sessions: sessions, secrets: secrets, delay: configuration.jobDelay),
            configuration: configuration, secrets: secrets)
        if configuration.demo, try store.schemas().isEmpty {
            try DemoWorkspace.install(into: store, folder: configuration.dataDirectory)
        }
        return context
    }

    /// The router with every API route, and the token check outside demo mode.
    public func router() -> Router<MMCatRequestContext> {
        let router = Router(context: MMCatRequestContext.self)
        if let folder = configuration.publicDirectory {
            // The application's files need no token; the API calls they make do.
            router.add(middleware: FileMiddleware(folder, searchForIndexHtml: true))
        }
        router.add(middleware: SessionMiddleware())
        if !configuration.demo { router.add(middleware: TokenMiddleware(store: store)) }
        addRoutes(to: router)
        return router
    }

    /// The whole server: HTTP and the job queue, run together until the process is stopped.
    public func application(logger: Logger = Logger(label: "mmcat")) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "mmcat"),
            services: [JobQueueService(queue: queue)], logger: logger)
    }
}

/// Runs the job queue beside the HTTP server, stopping with it.
struct JobQueueService: Service {
    let queue: JobQueue

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            await queue.run()
        }
    }
}
