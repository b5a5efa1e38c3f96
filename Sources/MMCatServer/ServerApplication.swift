import Foundation
import Hummingbird
import Logging
import MMCat
import MMCatJobs
import MMCatStore
import ServiceLifecycle

extension ServerContext {
    /// Opens the store (`configuration.store`, else in `configuration.dataDirectory`, else in
    /// memory), recovers the job queue and, in demo mode on an empty store, adds the demo workspace.
    public static func open(_ configuration: ServerConfiguration) async throws -> ServerContext {
        var location = configuration.store
        var serverId = UUID().uuidString.lowercased()
        if let directory = configuration.dataDirectory {
            // The folder holds the password key and the store: its owner's alone.
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            chmod(directory, 0o700)
            let folder = URL(fileURLWithPath: directory)
            location = location ?? folder.appendingPathComponent("metadata.sqlite").path
            serverId = try Self.serverId(in: folder)
        }
        let store = try await MetadataStore.open(location: location)
        var serverLogger = Logger(label: "mmcat")
        serverLogger.logLevel = configuration.logLevel
        let logger = serverLogger
        var jobLogger = Logger(label: "mmcat.jobs")
        jobLogger.logLevel = configuration.logLevel
        let sessions = SessionStore(
            idleTimeout: configuration.sessionTimeout, memoryLimit: configuration.maxInstanceMemory,
            files: try configuration.dataDirectory.map(InstanceFiles.init(dataDirectory:)),
            log: { logger.warning("\($0)") })
        let secrets = try SecretBox(directory: configuration.dataDirectory)
        let databases = DatabaseFamilies(
            configuration.families, secrets: secrets, files: try Self.fileConfinement(configuration))
        let queue = JobQueue(
            store: store, server: serverId, sessions: sessions, databases: databases, delay: configuration.jobDelay,
            logger: jobLogger)
        let context = ServerContext(
            store: store, sessions: sessions, queue: queue, configuration: configuration, databases: databases,
            serverId: serverId)
        if configuration.demo, try await store.schemas().isEmpty {
            try await DemoWorkspace.install(
                into: store, databases: databases, folder: DemoWorkspace.folder(configuration))
        }
        return context
    }

    /// The operator's `--files-root` folders, the uploads folder (in demo mode, and the demo
    /// workspace's folder), and
    /// the server's own files, which no database may reach.
    private static func fileConfinement(_ configuration: ServerConfiguration) throws -> FileConfinement {
        var roots = configuration.filesRoots
        try FileManager.default.createDirectory(atPath: configuration.uploadsFolder, withIntermediateDirectories: true)
        roots.append(configuration.uploadsFolder)
        if configuration.demo {
            let demo = DemoWorkspace.folder(configuration)
            try FileManager.default.createDirectory(atPath: demo, withIntermediateDirectories: true)
            roots.append(demo)
        }
        for root in roots {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
                throw StoreError.invalid("--files-root \(root) is not a folder", field: "files-root")
            }
        }
        var serverFiles: [String] = []
        if let directory = configuration.dataDirectory {
            serverFiles += ["metadata.sqlite", "secret.key", "server-id", "instances"].map { directory + "/" + $0 }
        }
        if let store = configuration.store, !store.hasPrefix("postgres://"), !store.hasPrefix("postgresql://") {
            serverFiles.append(store)
        }
        return FileConfinement(roots: roots, serverFiles: serverFiles)
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

    /// The router with every API route behind its guards, outermost first: JSON errors and
    /// security headers, one spelling per path, the web application's files (public), sessions,
    /// no cross-site changes; outside demo mode every route but two also needs a token.
    package func router(logger: Logger = Logger(label: "mmcat")) -> Router<MMCatRequestContext> {
        var logger = logger
        logger.logLevel = configuration.logLevel
        let router = Router(context: MMCatRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: ResponseGuardMiddleware(logger: logger))
        router.add(middleware: CanonicalPathMiddleware())
        if let folder = configuration.publicDirectory {
            router.add(middleware: FileMiddleware(folder, searchForIndexHtml: true))
        }
        router.add(middleware: SessionMiddleware())
        router.add(middleware: CrossSiteMiddleware())
        addRoutes(to: router)
        return router
    }

    /// The whole server: HTTP and the job queue, run together until the process is stopped.
    public func application(logger: Logger = Logger(label: "mmcat")) -> some ApplicationProtocol {
        Application(
            router: router(logger: logger),
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
