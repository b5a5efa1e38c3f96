import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MMCat
import MMCatServerTestSupport
import MMCatStore
import MMCatTestSupport
import Testing

@testable import MMCatServer

/// Schema categories, databases, mappings, sessions and tokens through the API.
@Suite struct ResourceTests {
    @Test func theDemoWorkspaceIsThere() async throws {
        try await withServer { api in
            #expect(try await api.call(.get, "/health").json["status"] == .string("ok"))
            let schemas = try #require((try await api.call(.get, "/schemas").json).arrayElements)
            #expect(schemas.count == 1)
            #expect(schemas[0]["name"]?.scalarText == "Orders (MM-cat example)")
            let mappings = try #require((try await api.call(.get, "/mappings?schema=1").json).arrayElements)
            #expect(mappings.count == 6)
            #expect(mappings[1]["text"]?.scalarText?.contains("order_item @114") == true)
            let jobs = try #require((try await api.call(.get, "/jobs").json).arrayElements)
            #expect(jobs.count == 5)
        }
    }

    @Test func theOpenAPIDocumentIsServedAndNamesEveryResource() async throws {
        try await withServer(demo: false) { api in
            let document = try await api.call(.get, "/openapi.json")
            #expect(document.status == .ok)
            #expect(document.json["openapi"] == .string("3.1.0"))
            let paths = try #require(document.json["paths"]?.objectMembers)
            let names = Set(paths.map(\.key))
            for path in [
                "/schemas", "/databases", "/mappings", "/jobs", "/jobs/{id}/cancel", "/jobs/{id}/model/download",
            ] {
                #expect(names.contains(path), "\(path)")
            }
        }
    }

    @Test func invalidInputIsRefusedWithTheField() async throws {
        try await withServer { api in
            let badSchema = try await api.call(
                .post, "/schemas", #"{"name": "x", "objects": [{"key": 1, "ids": [["5"]]}], "morphisms": []}"#)
            #expect(badSchema.status == .badRequest)
            #expect(badSchema.json["error"]?["field"]?.scalarText == "objects[0].ids[0][0]")
            #expect(badSchema.json["error"]?["code"]?.scalarText == "invalid")
            let badMapping = try await api.call(
                .post, "/mappings", #"{"schema": 1, "database": 1, "text": "order @103 { number: 99 }"}"#)
            #expect(badMapping.status == .badRequest)
            #expect(badMapping.json["error"]?["field"]?.scalarText == "accessPath.subpaths[0].signature")
            let nested = try await api.call(
                .post, "/mappings",
                #"{"schema": 1, "database": 2, "text": "order @103 { number: 19, items: 8 { quantity: 13, productId: 10.9 } }"}"#
            )
            #expect(nested.status == .badRequest)
            // The text notation can write an empty kind name; it is refused like the JSON form's.
            let unnamed = try await api.call(
                .post, "/mappings", #"{"schema": 1, "database": 1, "text": "\"\" @103 { number: 19 }"}"#)
            #expect(unnamed.status == .badRequest, "\(unnamed.text)")
            #expect(unnamed.json["error"]?["field"] == .string("kindName"))
            // Names of the schema category in place of numbers: the object labels here (Order,
            // Number, Items), walked in order; a name that is not there is answered with where.
            let named = try await api.call(
                .post, "/mappings",
                #"{"schema": 1, "database": 1, "text": "order @Order { number: Number, items: Items { quantity: Quantity, productId: Product/Id } }"}"#
            )
            #expect(named.status == .created, "\(named.text)")
            #expect(
                named.json["text"]?.scalarText?.contains("items: 8 { quantity: 13, productId: 10.9 }") == true,
                "\(named.text)")
            let unknown = try await api.call(
                .post, "/mappings", #"{"schema": 1, "database": 1, "text": "order @Order { number: Numbr }"}"#)
            #expect(unknown.status == .badRequest)
            #expect(
                unknown.json["error"]?["message"]?.scalarText?.contains(
                    "no morphism named \"Numbr\" leaves object Order")
                    == true, "\(unknown.text)")
            let syntax = try await api.call(.post, "/jobs", "{\"name\": ")
            #expect(syntax.status == .badRequest)
            #expect(syntax.json["error"]?["message"]?.scalarText?.contains("line 1") == true)
            #expect(syntax.json["error"]?["field"] == .null)
            // Nesting past the parser's limit is an error like any other, not a crash.
            let deep = try await api.call(
                .post, "/schemas", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
            #expect(deep.json["error"]?["message"]?.scalarText?.contains("nest deeper than 256 levels") == true)
            #expect(try await api.call(.get, "/jobs/99").status == .notFound)
        }
    }

    @Test func changesThatBreakAMappingAreRefusedWithItsName() async throws {
        try await withServer { api in
            let schema = try await api.call(.get, "/schemas/1").json
            let members = try #require(schema.objectMembers)
            let morphisms = try #require(schema["morphisms"]?.arrayElements)
            let without19 = morphisms.filter { !["19", "-19"].contains($0["signature"]?.scalarText ?? "") }
            var out = TextOutput()
            out.writeJSON(
                .object(members.map { $0.key == "morphisms" ? JSONMember("morphisms", .array(without19)) : $0 }))
            let reply = try await api.call(.put, "/schemas/1", out.text)
            // Object 103's superId names 19, so the schema itself is invalid without it.
            #expect(reply.status == .badRequest)
            let deleteUsed = try await api.call(.delete, "/databases/1")
            #expect(deleteUsed.status == .conflict)
            #expect(
                deleteUsed.json["error"]?["message"]?.scalarText
                    == "database 1 is used by the mapping \"Orders as documents\"")
            #expect(try await api.call(.delete, "/schemas/1").status == .conflict)
            #expect(try await api.call(.delete, "/mappings/1").status == .conflict)
        }
    }

    @Test func aSchemaChangeThatBreaksAMappingNamesIt() async throws {
        try await withServer { api in
            let schema = try await api.call(.get, "/schemas/1").json
            let members = try #require(schema.objectMembers)
            let objects = try #require(schema["objects"]?.arrayElements)
            // Order (103) identified by 18 (its Array) instead of 19: valid, but the document mapping
            // reads no 18, so its orders could not be identified.
            let changed = objects.map { object -> JSONValue in
                guard object["key"]?.scalarText == "103" else { return object }
                return .object([
                    JSONMember("key", .number("103")), JSONMember("label", .string("Order")),
                    JSONMember("superId", .array([.string("18")])),
                    JSONMember("ids", .array([.array([.string("18")])])),
                ])
            }
            var out = TextOutput()
            out.writeJSON(.object(members.map { $0.key == "objects" ? JSONMember("objects", .array(changed)) : $0 }))
            let reply = try await api.call(.put, "/schemas/1", out.text)
            #expect(reply.status == .conflict)
            #expect(
                reply.json["error"]?["message"]?.scalarText?.hasPrefix(
                    "the change breaks the mapping \"Orders as documents\"") == true)
        }
    }

    @Test func passwordsAreStoredEncryptedAndNeverSent() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-secret-\(UUID().uuidString)")
            .path
        try await withServer(data: data) { api in
            let created = try await api.call(
                .post, "/databases",
                #"{"label": "pg", "type": "postgresql", "settings": {"host": "localhost", "user": "u", "database": "d", "password": "s3cret-Pa55"}}"#
            )
            #expect(created.status == .created)
            #expect(created.json["hasPassword"] == .bool(true))
            #expect(!created.text.contains("s3cret"))
            #expect(!(try await api.call(.get, "/databases").text.contains("s3cret")))
            let id = created.json["id"]?.scalarText ?? ""
            let renamed = try await api.call(.patch, "/databases/\(id)", #"{"label": "pg2"}"#)
            #expect(renamed.json["hasPassword"] == .bool(true))
            #expect(!renamed.text.contains("s3cret"))
            let misplaced = try await api.call(
                .post, "/databases", #"{"label": "x", "type": "postgresql", "settings": {"dbPassword": "p"}}"#)
            #expect(misplaced.json["error"]?["field"]?.scalarText == "settings.dbPassword")
            // A connection error names the server, never the password.
            let test = try await api.call(.post, "/databases/\(id)/test")
            #expect(test.status == .badRequest)
            #expect(!test.text.contains("s3cret"))
        }
        let file = try Data(contentsOf: URL(fileURLWithPath: data).appendingPathComponent("metadata.sqlite"))
        #expect(file.range(of: Data("s3cret".utf8)) == nil)
        let key = try Data(contentsOf: URL(fileURLWithPath: data).appendingPathComponent("secret.key"))
        #expect(key.count == 32)
        let permissions =
            try FileManager.default.attributesOfItem(atPath: data + "/secret.key")[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func databasesKeepTheirType() async throws {
        try await withServer { api in
            let changed = try await api.call(.patch, "/databases/1", #"{"type": "sqlite"}"#)
            #expect(changed.status == .badRequest)
            #expect(changed.json["error"]?["field"]?.scalarText == "type")
            let renamed = try await api.call(.patch, "/databases/1", #"{"label": "Documents"}"#)
            #expect(renamed.json["label"]?.scalarText == "Documents")
            #expect(try await api.call(.post, "/databases/1/test").status == .ok)
            let missing = try await api.call(
                .post, "/databases", #"{"label": "gone", "type": "sqlite", "settings": {"path": "/nonexistent/x.db"}}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.json["error"]?["field"]?.scalarText == "settings.path")
            #expect(!(try await api.call(.get, "/databases").text.lowercased().contains("secret")))
        }
    }

    @Test func testConnectionSaysWhatIsWrongWithTheSettings() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-check-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.txt")
        try Data("not a database, just text that is long enough to have a header".utf8).write(to: text)
        try await withServer { api in
            let cases = [
                (#"{"type": "sqlite", "settings": {"path": "\#(folder.path)"}}"#, "there is no SQLite file here"),
                (#"{"type": "sqlite", "settings": {"path": "\#(text.path)"}}"#, "not a readable SQLite database"),
            ]
            for (body, message) in cases {
                let created = try await api.call(.post, "/databases", "{\"label\": \"x\", " + body.dropFirst())
                let test = try await api.call(.post, "/databases/\(created.json["id"]?.scalarText ?? "")/test")
                #expect(test.status == .badRequest)
                #expect(test.json["error"]?["message"]?.scalarText?.contains(message) == true, "\(test.text)")
                #expect(test.json["error"]?["field"]?.scalarText?.hasPrefix("settings.") == true, "\(test.text)")
            }
        }
    }

    @Test func instanceCategoriesBelongToSessionsAndExpire() async throws {
        // Long enough for the reads below on a loaded machine (3 s was not, with every suite
        // running at once on two cores), short enough to wait out.
        try await withServer(sessionTimeout: .seconds(10)) { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            let mine = try await api.call(.get, "/schemas/1/instance").json
            #expect(mine["expiresAt"] != .null)
            let rows = try await api.call(.get, "/schemas/1/instance/objects/103/rows?page=1&size=1").json
            #expect(rows["total"]?.scalarText == "2")
            let page = try #require(rows["rows"]?.arrayElements)
            #expect(page.count == 1)
            let pairs = try await api.call(.get, "/schemas/1/instance/morphisms/10.9/pairs?size=2").json
            #expect(pairs["total"]?.scalarText == "4")
            #expect(pairs["dom"]?.scalarText == "114")
            let first = try #require(pairs["pairs"]?.arrayElements)
            #expect(first.count == 2)
            #expect(try await api.call(.get, "/schemas/1/instance/morphisms/x/pairs").status == .badRequest)
            var other = api
            other.session = "someone-else"
            #expect(try await other.call(.get, "/schemas/1/instance/objects/103/rows").status == .notFound)
            try await Task.sleep(for: .milliseconds(10_500))
            #expect(try await api.call(.get, "/schemas/1/instance/objects/103/rows").status == .notFound)
        }
    }

    @Test func outsideDemoModeATokenIsNeeded() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-token-\(UUID().uuidString)")
            .path
        var configuration = ServerConfiguration.standard
        configuration.dataDirectory = data
        let token = try await ServerContext.open(configuration).store.createToken()
        try await withServer(demo: false, data: data) { api in
            let refused = try await api.call(.get, "/jobs")
            #expect(refused.status == .unauthorized)
            #expect(try await api.call(.get, "/health").status == .ok)
            var authorized = api
            authorized.token = token
            #expect(try await authorized.call(.get, "/jobs").status == .ok)
            authorized.token = token + "0"
            #expect(try await authorized.call(.get, "/jobs").status == .unauthorized)
        }
    }

    @Test func mappingsAreReadReplacedAndDeleted() async throws {
        try await withServer { api in
            #expect(try await api.call(.get, "/mappings/3").json["kindName"] == .string("product"))
            #expect(try await api.call(.get, "/databases/2").json["label"] == .string("Shop (SQLite)"))
            let replaced = try await api.call(
                .put, "/mappings/3", #"{"schema": 1, "database": 2, "text": "product @116 { id: 10, name: 12 }"}"#)
            #expect(replaced.status == .ok)
            #expect(replaced.json["text"]?.scalarText?.contains("price") == false)
            let nested = try await api.call(
                .put, "/mappings/3",
                #"{"schema": 1, "database": 2, "text": "order @103 { number: 19, items: 8 { productId: 10.9, quantity: 13 } }"}"#
            )
            #expect(nested.status == .badRequest)
            #expect(nested.json["error"]?["message"]?.scalarText?.contains("kinds are flat") == true)
            let other = try await api.call(.post, "/schemas", #"{"name": "empty", "objects": [], "morphisms": []}"#)
            let otherId = other.json["id"]?.scalarText ?? ""
            let moved = try await api.call(
                .put, "/mappings/3", #"{"schema": \#(otherId), "database": 2, "text": "product @116 { id: 10 }"}"#)
            #expect(moved.json["error"]?["field"] == .string("schema"))
            #expect(
                try await api.call(
                    .put, "/mappings/99", #"{"schema": 1, "database": 2, "text": "product @116 { id: 10 }"}"#
                ).status == .notFound)
            #expect(try await api.call(.delete, "/schemas/\(otherId)").status == .noContent)
            let created = try await api.call(
                .post, "/mappings", #"{"schema": 1, "database": 1, "text": "extra @116 { id: 10 }"}"#)
            let id = created.json["id"]?.scalarText ?? ""
            #expect(try await api.call(.delete, "/mappings/\(id)").status == .noContent)
            #expect(try await api.call(.get, "/mappings/\(id)").status == .notFound)
        }
    }

    @Test func modelsAreListedByJob() async throws {
        try await withServer { api in
            #expect(try await api.call(.get, "/models").json == .array([]))
            try await api.call(.post, "/jobs/3/start")
            try await api.wait(3, for: ["Finished"])
            let models = try await api.call(.get, "/models").json
            let list = try #require(models.arrayElements, "the models are not a list: \(models)")
            let first = try #require(list.first, "no model listed")
            #expect(list.count == 1)
            #expect(first["job"] == .number("3"))
            #expect(first["target"] == .string("sqlite"))
        }
    }

    @Test func theApplicationsFilesNeedNoTokenButTheAPIDoes() async throws {
        var configuration = ServerConfiguration.standard
        configuration.publicDirectory = TestSupport.repository.appendingPathComponent("Public").path
        try await ServerContext.open(configuration).application().test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("<title>MM-cat</title>"))
            #expect(try await client.execute(uri: "/app.js", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/schemas", method: .get).status == .unauthorized)
        }
    }

    @Test func aRunningJobIsCanceledByARestartAndQueuedOnesStillRun() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("mmcat-restart-\(UUID().uuidString)")
            .path
        var configuration = ServerConfiguration.standard
        configuration.dataDirectory = data
        configuration.demo = true
        let before = try await ServerContext.open(configuration)
        // As if the server had been killed while job 1 ran and job 3 waited.
        _ = try await before.store.enqueueJob(1, session: "s", server: before.serverId)
        _ = try await before.store.enqueueJob(3, session: "s", server: before.serverId)
        #expect(try await before.store.claimNextJob(server: before.serverId)?.id == 1)
        try await withServer(data: data) { api in
            let job3 = try await api.wait(3, for: ["Finished"])
            #expect(job3["status"]?.scalarText == "Finished")
            let job1 = try await api.job(1)
            #expect(job1["status"]?.scalarText == "Canceled")
            #expect(job1["outcome"]?.scalarText == "canceled")
            #expect(job1["reason"]?.scalarText == "server stopped")
        }
    }

    @Test func aStoreThatCannotBeUsedIsAClearError() async throws {
        var configuration = ServerConfiguration.standard
        configuration.store = "postgres://mmcat@127.0.0.1:1/metadata"
        let unreachable = await #expect(throws: StoreError.self) { try await ServerContext.open(configuration) }
        #expect(
            unreachable?.description.hasPrefix("cannot reach the metadata store postgres://mmcat@127.0.0.1:1/metadata")
                == true)
        configuration.store = "postgres://localhost"
        let malformed = await #expect(throws: StoreError.self) { try await ServerContext.open(configuration) }
        guard case .invalid(let message, let field)? = malformed else {
            throw TestFailure("a malformed store URL is not an invalid-input error: \(String(describing: malformed))")
        }
        #expect(field == "store")
        #expect(message.contains("postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"))
    }
}
