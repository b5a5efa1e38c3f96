import ArgumentParser
import Foundation
import MMCatServer

/// `mmcat serve`: the job server with its REST API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the job server: schema categories, databases, mappings and jobs over a REST API.",
        discussion: """
            Metadata is kept in DATA/metadata.sqlite. Every API call needs a token
            (Authorization: Bearer TOKEN, see `mmcat token create`) unless the server runs with
            --demo, which also fills an empty store with a demo workspace.
            """
    )

    @Option(help: "The folder of the metadata store.") var data = ".mmcat"
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Flag(help: "No token needed; an empty store gets the demo workspace.") var demo = false
    @Option(help: "Seconds to wait before each job runs (to watch the queue).") var jobDelay: Double = 0
    @Option(help: "Minutes after which an idle session's instance category is dropped.") var sessionTimeout: Double = 30
    @Option(help: "The folder of the browser application (default: Public in this checkout).") var `public`: String?

    func run() async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = data
        configuration.demo = demo
        configuration.jobDelay = .milliseconds(Int(jobDelay * 1000))
        configuration.sessionTimeout = .seconds(Int(sessionTimeout * 60))
        configuration.publicDirectory = `public` ?? Self.defaultPublicFolder()
        let context = try ServerContext.open(configuration)
        print(
            "mmcat server on http://\(host):\(port)/ (API under /api/v1; data in \(data)\(demo ? "; demo mode: no token needed" : ""))"
        )
        try await context.application().runService()
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
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token; it is printed once and only its digest is stored.")

        @Option(help: "The folder of the metadata store.") var data = ".mmcat"

        func run() throws {
            var configuration = ServerConfiguration()
            configuration.dataDirectory = data
            print(try ServerContext.open(configuration).store.createToken())
        }
    }
}
