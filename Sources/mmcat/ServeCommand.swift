import ArgumentParser
import Foundation
import Logging
import MMCatFamilies
import MMCatServer

/// `mmcat serve`: the job server with its REST API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the job server: schema categories, databases, mappings and jobs over a REST API.",
        discussion: """
            Metadata is kept in DATA/metadata.sqlite, or with --store postgres://USER@HOST/DB in a \
            PostgreSQL database that several servers can share (give each the same secret.key in \
            its data folder; the password may come from PGPASSWORD). Every API call needs a token \
            (Authorization: Bearer TOKEN, see `mmcat token create`) unless the server runs with \
            --demo, which also fills an empty store with a demo workspace.
            """
    )

    @Option(help: "The folder of the server's files: metadata store, password key, server id.") var data = ".mmcat"
    @Option(help: "A postgres:// URL: keep the metadata in that PostgreSQL database instead.") var store: String?
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Flag(help: "No token needed; an empty store gets the demo workspace.") var demo = false
    @Option(help: "Seconds to wait before each job runs (to watch the queue).") var jobDelay: Double = 0
    @Option(help: "Minutes after which an idle session's instance category is dropped.") var sessionTimeout: Double = 30
    @Option(help: "The folder of the browser application (default: Public in this checkout).") var `public`: String?
    @Option(
        help: ArgumentHelp(
            "The most memory all sessions' instance categories may take together, as 512M, 4G or bytes.",
            discussion: "Default: half of this machine's memory."))
    var maxInstanceMemory: String?
    @Option(
        name: .customLong("files-root"),
        help: ArgumentHelp(
            "A folder that file and SQLite databases may use (repeatable).",
            discussion: "Without it no file or SQLite database is allowed, except the demo workspace with --demo."))
    var filesRoots: [String] = []
    @Option(
        help:
            "The least severe messages logged to standard error: trace, debug, info (each request and job), notice, warning, error or critical."
    )
    var logLevel = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--log-level must be one of \(levels), not \"\(logLevel)\"")
        }
    }

    func run() async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = data
        configuration.store = store
        configuration.demo = demo
        configuration.jobDelay = .milliseconds(Int(jobDelay * 1000))
        configuration.sessionTimeout = .seconds(Int(sessionTimeout * 60))
        configuration.publicDirectory = `public` ?? Self.defaultPublicFolder()
        configuration.filesRoots = filesRoots
        configuration.maxInstanceMemory = try Self.bytes(maxInstanceMemory)
        configuration.families = Families.all
        configuration.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let context = try await ServerContext.open(configuration)
        print(
            "mmcat server on http://\(host):\(port)/ (API under /api/v1; metadata in \(context.store.location)\(demo ? "; demo mode: no token needed" : ""))"
        )
        fflush(nil)  // the banner reaches a log file at once, not at exit
        try await context.application().runService()
    }

    /// `512M`, `4G`, `300000` (bytes) as a number of bytes; nil: half of the machine's memory.
    static func bytes(_ text: String?) throws -> Int {
        guard let text else { return Int(ProcessInfo.processInfo.physicalMemory / 2) }
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        let unit = text.last.flatMap { units[Character($0.uppercased())] }
        let number = unit == nil ? text : String(text.dropLast())
        guard let value = Int(number), value > 0,
            case (let bytes, let overflow) = value.multipliedReportingOverflow(by: unit ?? 1), !overflow
        else {
            throw ValidationError(
                "--max-instance-memory must be a size such as 512M, 4G or a number of bytes, not \"\(text)\"")
        }
        return bytes
    }

    /// `Public` in the current folder, else the one of the checkout this binary was built from.
    static func defaultPublicFolder() -> String? {
        let candidates = [
            FileManager.default.currentDirectoryPath + "/Public",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Public").path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/index.html") }
    }
}

/// `mmcat token create`: a token for the API of a server that uses the same data folder.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token; it is printed once and only its digest is stored.")

        @Option(help: "The folder of the server's files.") var data = ".mmcat"
        @Option(help: "The postgres:// URL of the server's metadata store, if it has one.") var store: String?

        func run() async throws {
            var configuration = ServerConfiguration()
            configuration.dataDirectory = data
            configuration.store = store
            print(try await ServerContext.open(configuration).store.createToken())
        }
    }
}
