import Foundation
import HTTPTypes
import MMCat
import MMCatFamilies
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Synchronization
import Testing

/// The family seam: a family the server was never told about by name (``SlowFamily``, defined in
/// the tests) is offered, checked, imported from and refused where it cannot help, and the
/// shipped families are described by the API the web application reads.
@Suite struct DatabaseFamilyTests {
    @Test func everyFamilyIsDescribedByTheAPI() async throws {
        try await withServer(families: Families.all + [SlowFamily()]) { api in
            let families = try await api.call(.get, "/families").json.arrayItems
            #expect(families.compactMap { $0["name"]?.scalarText } == Families.all.map(\.name) + ["slow"])
            let postgres = try #require(families.first { $0["name"] == .string("postgresql") })
            #expect(postgres["flat"] == .bool(true))
            #expect(postgres["extension"] == .string("sql"))
            let settings = try #require(postgres["settings"]).arrayItems
            #expect(settings.first { $0["name"] == .string("password") }?["kind"] == .string("secret"))
            #expect(
                settings.first { $0["name"] == .string("sslmode") }?["choices"]
                    == .array(["disable", "require", "verify-full"].map(JSONValue.string)))
            let files = try #require(families.first { $0["name"] == .string("files") })
            #expect(files["flat"] == .bool(false))
            #expect(files["target"] == .string("jsonl"))
            let slow = try #require(families.first { $0["name"] == .string("slow") })
            #expect(slow["readsKinds"] == .bool(true))
            #expect(slow["executesModels"] == .bool(false))
        }
    }

    @Test func aNewFamilysSettingsAreCheckedByItsOwnRules() async throws {
        try await withServer(families: Families.all + [SlowFamily()]) { api in
            let unknown = try await api.call(
                .post, "/databases", #"{"label": "s", "type": "slow", "settings": {"records": "1", "host": "x"}}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.json["error"]?["field"] == .string("settings.host"))
            let invalid = try await api.call(
                .post, "/databases", #"{"label": "s", "type": "slow", "settings": {"records": "many"}}"#)
            #expect(invalid.status == .badRequest)
            #expect(invalid.json["error"]?["field"] == .string("settings.records"))
            let noType = try await api.call(
                .post, "/databases", #"{"label": "s", "type": "duckdb", "settings": {}}"#)
            #expect(noType.status == .badRequest)
            #expect(noType.json["error"]?["message"]?.scalarText?.contains("files, sqlite") == true)
        }
    }

    @Test func aNewFamilyImportsReportsProgressAndCancels() async throws {
        try await withServer(families: Families.all + [SlowFamily()]) { api in
            let done = try await api.slowJob(records: 30, pause: 0)
            try await api.call(.post, "/jobs/\(done)/start")
            let finished = try await api.wait(done, for: ["Finished", "Canceled"])
            #expect(finished["status"] == .string("Finished"), "\(finished)")
            #expect(finished["records"]?["written"] == .number("30"))

            let slow = try await api.slowJob(records: 100_000, pause: 5)
            try await api.call(.post, "/jobs/\(slow)/start")
            try await api.wait(slow, for: ["Running"])
            // Progress appears once the source is open, a moment after the job starts running.
            var running = try await api.call(.get, "/jobs/\(slow)").json
            for _ in 0..<100 where running["progress"] == .null {
                try await Task.sleep(for: .milliseconds(50))
                running = try await api.call(.get, "/jobs/\(slow)").json
            }
            #expect(running["progress"]?["total"] == .number("100000"))
            try await api.call(.post, "/jobs/\(slow)/cancel")
            let canceled = try await api.wait(slow, for: ["Canceled"])
            #expect(canceled["outcome"] == .string("canceled"))
            #expect(canceled["log"]?.scalarText?.contains("the instance category is unchanged") == true)
        }
    }

    @Test func aFamilyWithoutAnExecutorRefusesToExecuteItsModels() async throws {
        try await withServer(families: Families.all + [SlowFamily()]) { api in
            let imported = try await api.slowJob(records: 3, pause: 0)
            let mapping = try #require(try await api.call(.get, "/jobs/\(imported)").json["mapping"]?.scalarText)
            let export = try await api.call(
                .post, "/jobs", #"{"name": "export", "type": "CategoryToModel", "mapping": \#(mapping)}"#)
            let id = try #require(export.json["id"]?.scalarText.flatMap { Int64($0) })
            try await api.call(.post, "/jobs/\(id)/start")
            #expect(try await api.wait(id, for: ["Finished", "Canceled"])["status"] == .string("Finished"))
            let model = try await api.call(.get, "/jobs/\(id)/model").json
            #expect(model["extension"] == .string("jsonl"))
            let refused = try await api.call(.post, "/jobs/\(id)/model/execute")
            #expect(refused.status == .badRequest)
            #expect(
                refused.json["error"]?["message"]
                    == .string("executing models on Slow test source is not available"))
        }
    }

    /// A store written by a server that had a family this one lacks: the database is listed, and
    /// using it is a clear error, not a default type.
    @Test func aDatabaseOfAFamilyThisServerLacksIsAClearError() async throws {
        let data = try TestSupport.temporaryDirectory().path
        let job = Mutex<Int64>(0)
        try await withServer(data: data, families: Families.all + [SlowFamily()]) { api in
            let id = try await api.slowJob(records: 3, pause: 0)
            job.withLock { $0 = id }
        }
        let id = job.withLock { $0 }
        try await withServer(data: data) { api in
            #expect(
                try await api.call(.get, "/databases").json.arrayItems.contains { $0["type"] == .string("slow") }
                    == true)
            try await api.call(.post, "/jobs/\(id)/start")
            let failed = try await api.wait(id, for: ["Canceled", "Finished"])
            #expect(failed["status"] == .string("Canceled"))
            #expect(failed["outcome"] == .string("error"))
            #expect(failed["reason"]?.scalarText?.contains("\"slow\" is not a database type of this server") == true)
        }
    }

    /// An export of an empty instance to a folder of files writes a JSON Lines file with no
    /// lines (no comment a JSON reader would count as a record), and the kind imports again.
    @Test func anEmptyExportToFilesIsAnEmptyFileThatImportsAgain() async throws {
        try await withServer { api in
            try await api.call(.post, "/jobs/4/start")
            #expect(try await api.wait(4, for: ["Finished", "Canceled"])["status"] == .string("Finished"))
            let model = try await api.call(.get, "/jobs/4/model").json
            #expect(model["text"] == .string(""))
            let executed = try await api.call(.post, "/jobs/4/model/execute")
            #expect(executed.json["written"] == .number("0"), "\(executed.text)")
            try await api.call(.post, "/jobs/1/start")
            let again = try await api.wait(1, for: ["Finished", "Canceled"])
            #expect(again["status"] == .string("Finished"), "\(again)")
            #expect(again["records"]?["read"] == .number("0"))
        }
    }
}
