import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MMCat
import MMCatServer
import MMCatServerTestSupport
import MMCatServiceTestSupport
import MMCatTestSupport
import Testing

/// Two servers sharing one metadata store in a real PostgreSQL (`mmcat serve --store postgres://`).
@Suite(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
struct SharedStoreTests {
    /// A server on `store`, with its own data folder, and the tests' slow family besides the
    /// shipped ones.
    static func server(store: String, data: URL, filesRoots: [String] = []) async throws -> ServerContext {
        var configuration = ServerConfiguration.standard
        configuration.families.append(SlowFamily())
        configuration.filesRoots = filesRoots
        configuration.demo = true
        configuration.store = store
        configuration.dataDirectory = data.path
        return try await ServerContext.open(configuration)
    }

    @Test func twoServersShareSchemasDatabasesJobsAndModels() async throws {
        let scratch = try ScratchDatabase("mmcat_store")
        defer { scratch.drop() }
        let (server, name, store) = (scratch.server, scratch.name, scratch.url)
        let dataA = try TestSupport.temporaryDirectory()
        let dataB = try TestSupport.temporaryDirectory()
        let contextA = try await Self.server(store: store, data: dataA)
        // Both servers need the same key to read the passwords the other stored.
        try FileManager.default.copyItem(
            at: dataA.appendingPathComponent("secret.key"), to: dataB.appendingPathComponent("secret.key"))
        // B runs jobs on the demo files A made: servers sharing a store share their allowed folders.
        let contextB = try await Self.server(
            store: store, data: dataB, filesRoots: [dataA.appendingPathComponent("demo").path])
        #expect(contextA.serverId != contextB.serverId)
        try await contextA.application().test(.router) { clientA in
            try await contextB.application().test(.router) { clientB in
                let a = APIClient(client: clientA, session: "a")
                let b = APIClient(client: clientB, session: "b")
                // One demo workspace, seen by both.
                #expect(try await a.call(.get, "/schemas").json.arrayItems.count == 1)
                #expect(try await b.call(.get, "/schemas").json.arrayItems.count == 1)
                #expect(try await b.call(.get, "/jobs").json.arrayItems.count == 5)

                // A database made on A, with a password, is usable from B and its password is sealed.
                let url = URLComponents(string: server)!
                let created = try await a.call(
                    .post, "/databases",
                    #"{"label": "pg", "type": "postgresql", "settings": {"host": "\#(url.host!)", "port": "\#(url.port!)", "user": "\#(url.user!)", "database": "\#(name)", "password": "pw-Shared-9137"}}"#
                )
                let databaseId = created.json["id"]?.scalarText ?? "?"
                #expect(created.status == .created, "\(created.text)")
                let tested = try await b.call(.post, "/databases/\(databaseId)/test")
                #expect(tested.json["ok"] == .bool(true), "\(tested.text)")
                let dump = try Services.run(
                    "psql", [store, "-X", "-A", "-t", "-c", "SELECT settings, encode(secret, 'escape') FROM database"])
                #expect(!dump.contains("pw-Shared-9137"))

                // A job started on B runs on B (its session's instance category is there); A sees it.
                #expect(try await b.call(.post, "/jobs/1/start").status == .ok)
                #expect(try await a.wait(1, for: ["Finished"])["records"]?["read"]?.scalarText == "4")
                #expect(try await b.call(.get, "/schemas/1/instance").json["objects"]?.arrayItems.isEmpty == false)
                #expect(try await a.call(.get, "/schemas/1/instance").json["objects"] == .array([]))

                // An export on B: the model is stored once and read the same from both servers.
                #expect(try await b.call(.post, "/jobs/4/start").status == .ok)
                try await a.wait(4, for: ["Finished"])
                let modelA = try await a.call(.get, "/jobs/4/model/download").text
                let modelB = try await b.call(.get, "/jobs/4/model/download").text
                #expect(modelA == modelB)
                #expect(modelA.contains(#""number": 1653"#))

                // A running job belongs to its server: A refuses to cancel B's, B cancels it.
                let slow = try await b.slowJob(records: 100_000, pause: 5)
                #expect(try await b.call(.post, "/jobs/\(slow)/start").status == .ok)
                try await a.wait(slow, for: ["Running"])
                let refused = try await a.call(.post, "/jobs/\(slow)/cancel")
                #expect(refused.status == .conflict)
                #expect(refused.json["error"]?["message"]?.scalarText?.contains(contextB.serverId) == true)
                #expect(try await b.call(.post, "/jobs/\(slow)/cancel").status == .ok)
                #expect(try await a.wait(slow, for: ["Canceled"])["outcome"] == .string("canceled"))
            }
        }
    }
}

/// The concurrent editing check of the server tests, on a metadata store in PostgreSQL, where
/// transactions run side by side and only the schema row's lock keeps edits in order.
@Suite(Services.enabled(Services.postgresURL, "MMCAT_PG_URL"))
struct PostgresStoreConcurrencyTests {
    @Test func concurrentEditsLoseNothingOnAPostgreSQLStore() async throws {
        let scratch = try ScratchDatabase("mmcat_race")
        defer { scratch.drop() }
        let context = try await SharedStoreTests.server(
            store: scratch.url, data: try TestSupport.temporaryDirectory())
        try await context.application().test(.router) { client in
            let problems = try await ConcurrentEdits.problems(APIClient(client: client, session: "race"))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
