import Foundation
import Hummingbird
import Logging
import MMCat
import ServiceLifecycle

extension ServerContext {
    /// Opens the store (`configuration.store`, else in `configuration.dataDirectory`, else in
    /// memory), recovers the job queue and, in demo mode on an empty store, adds the demo workspace.
    public static func open(_ configuration: ServerConfiguration) async throws -> ServerContext {
        var location = configuration.store
        var serverId = UUID().uuidString.lowercased()
        if let directory = configuration.dataDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let folder = URL(fileURLWithPath: directory)
            location = location ?? folder.appendingPathComponent("metadata.sqlite").path
            serverId = try Self.serverId(in: folder)
        }
        let store = try await MetadataStore.open(location: location)
        let logger = Logger(label: "mmcat")
        let sessions = SessionStore(
            idleTimeout: configuration.sessionTimeout,
            files: try configuration.dataDirectory.map(InstanceFiles.init(dataDirectory:)),
            log: { logger.warning("\($0)") })
        let secrets = try SecretBox(directory: configuration.dataDirectory)
        let queue = JobQueue(
            store: store, server: serverId, sessions: sessions, secrets: secrets, delay: configuration.jobDelay)
        let context = ServerContext(
            store: store, sessions: sessions, queue: queue, configuration: configuration, secrets: secrets,
            serverId: serverId)
        if configuration.demo, try await store.schemas().isEmpty {
            try await DemoWorkspace.install(into: store, folder: configuration.dataDirectory)
        }
        return context
    }

    /// The name this server keeps in `folder/server-id` (made on first start), so that after a
    /// restart it finds the jobs it had queued, and cancels the one it was running.
    private static func serverId(in folder: URL) throws -> String {
        let file = folder.appendingPathComponent("server-id")
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty { return name }
        }
        let name = UUID().uuidString.lowercased()
        try Data((name + "\n").utf8).write(to: file)
        return name
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
        await cancelWhenGracefulShutdown {
            await queue.run()
        }
    }
}
