import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MMCat
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// `--max-instance-memory`: the sessions' instance categories stay within it together; the least
/// recently used leave memory first and come back from their files; a job whose instance alone
/// would pass it is stopped with the reason.
@Suite struct MemoryLimitTests {
    /// A demo server with `limit` (bytes), run with one API client per session; returns the server.
    @discardableResult
    static func withServer(
        limit: Int?, _ body: @Sendable (ServerContext, APIClient, APIClient) async throws -> Void
    ) async throws -> ServerContext {
        var configuration = ServerConfiguration.standard
        configuration.demo = true
        configuration.dataDirectory = try TestSupport.temporaryDirectory().path
        configuration.maxInstanceMemory = limit
        let context = try await ServerContext.open(configuration)
        try await context.application().test(.router) { client in
            try await body(context, APIClient(client: client, session: "a"), APIClient(client: client, session: "b"))
        }
        return context
    }

    /// The estimated size of the demo import's instance category.
    static func demoImportSize() async throws -> Int {
        let context = try await withServer(limit: nil) { _, a, _ in
            try await a.call(.post, "/jobs/1/start")
            #expect(try await a.wait(1, for: ["Finished", "Canceled"])["status"] == .string("Finished"))
        }
        return await context.sessions.bytesInMemory
    }

    static func orderRows(_ api: APIClient) async throws -> String? {
        try await api.call(.get, "/schemas/1/instance/objects/103/rows").json["total"]?.scalarText
    }

    @Test func theLeastRecentlyUsedSessionLeavesMemoryAndComesBackFromItsFile() async throws {
        let size = try await Self.demoImportSize()
        #expect(size > 0)
        try await Self.withServer(limit: size * 3 / 2) { context, a, b in
            for api in [a, b] {
                try await api.call(.post, "/jobs/1/start")
                #expect(try await api.wait(1, for: ["Finished", "Canceled"])["status"] == .string("Finished"))
            }
            // Both would need twice one instance: a, used least recently, left memory.
            #expect(await context.sessions.bytesInMemory <= size * 3 / 2)
            #expect(try await Self.orderRows(a) == "2")  // read back from its file, b leaving memory
            #expect(await context.sessions.bytesInMemory <= size * 3 / 2)
            #expect(try await Self.orderRows(b) == "2")
        }
    }

    @Test func aJobWhoseInstanceAlonePassesTheLimitIsStopped() async throws {
        let size = try await Self.demoImportSize()
        try await Self.withServer(limit: size / 2) { context, a, _ in
            try await a.call(.post, "/jobs/1/start")
            let job = try await a.wait(1, for: ["Finished", "Canceled"])
            #expect(job["status"] == .string("Canceled"))
            #expect(job["outcome"] == .string("error"))
            #expect(job["reason"]?.scalarText?.contains("--max-instance-memory") == true, "\(job)")
            #expect(try await Self.orderRows(a) == nil)
            #expect(await context.sessions.bytesInMemory == 0)
        }
    }
}
