import Crypto
import Foundation
import HTTPTypes
import MMCat
import MMCatFamilies
import MMCatServer
import MMCatServerTestSupport
import MMCatTestSupport
import Testing

/// The job rules of the server, on the demo workspace: jobs 1 and 2 import (documents, SQLite
/// products), 3 and 4 export (SQLite order items, documents), 5 exports both SQLite tables.
@Suite struct JobTests {
    @Test func threeJobsStartedTogetherRunOneAtATimeInOrder() async throws {
        try await withServer(jobDelay: .milliseconds(200)) { api in
            for id in [1, 2, 3] { #expect(try await api.call(.post, "/jobs/\(id)/start").status == .ok) }
            let list = try await api.call(.get, "/jobs").json
            let jobs = try #require((list).arrayElements)
            let statuses = jobs.prefix(3).map { $0["status"]?.scalarText ?? "" }
            #expect(statuses.filter { $0 == "Running" }.count <= 1)
            #expect(jobs[2]["status"]?.scalarText == "Queued")
            // In line behind those of jobs 1 and 2 still queued (on a loaded machine job 1
            // may have finished before the list was read).
            let ahead = statuses.prefix(2).filter { $0 == "Queued" }.count
            #expect(jobs[2]["queuePosition"]?.scalarText == String(ahead + 1))
            var runs: [(Date, Date)] = []
            for id in [1, 2, 3] {
                let job = try await api.wait(Int64(id), for: ["Finished"])
                let formatter = ISO8601DateFormatter()
                runs.append(
                    (
                        formatter.date(from: job["startedAt"]?.scalarText ?? "")!,
                        formatter.date(from: job["endedAt"]?.scalarText ?? "")!
                    ))
            }
            #expect(runs[0].1 <= runs[1].0 && runs[1].1 <= runs[2].0, "jobs overlapped: \(runs)")
        }
    }

    @Test func aJobSaysWhichSessionItRanInByATagNotTheSessionsId() async throws {
        try await withServer { api in
            let other = APIClient(client: api.client, session: "another-session")
            #expect(try await api.job(1)["session"] == .null, "a job that never ran has no session")
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            let mine = try #require(try await api.job(1)["session"])
            let theirs = try #require(try await other.call(.get, "/jobs/1").json["session"])
            #expect(mine["current"] == .bool(true) && theirs["current"] == .bool(false))
            #expect(mine["tag"] == theirs["tag"])
            let session = try await api.call(.get, "/session").json
            #expect(session["tag"] == mine["tag"])
            #expect(session["expiresAt"]?.scalarText != nil, "the session holds an instance category: it expires")
            #expect(try await other.call(.get, "/session").json["tag"] != mine["tag"])
            let tag = try #require(mine["tag"]?.scalarText)
            #expect(tag.count == 8 && !api.session.contains(tag), "the tag is not a piece of the id")
        }
    }

    /// A session can be named, and another client can join the session a job ran in and see what
    /// it imported (the jobs page's "Look at it", a job run from the command line).
    @Test func aSessionIsNamedAndJoinedThroughItsJob() async throws {
        try await withServer { api in
            var other = APIClient(client: api.client, session: "a-browser")
            let unrun = try await other.call(.post, "/session/join", #"{"job": 1}"#)
            #expect(unrun.status == .conflict && unrun.json["error"]?["field"]?.scalarText == "job", "\(unrun.text)")
            #expect(try await other.call(.post, "/session/join", #"{"job": 999}"#).status == .notFound)
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            let named = try await api.call(.patch, "/session", #"{"name": "  Ann's import  "}"#)
            #expect(named.json["name"]?.scalarText == "Ann's import")
            #expect(named.json["rows"]?.scalarText == "46", "\(named.text)")
            #expect(try await other.job(1)["session"]?["name"]?.scalarText == "Ann's import")
            for bad in [#"{"name": ""}"#, #"{"name": "a\u0007b"}"#, #"{"name": 3}"#, #"{"label": "x"}"#] {
                let refused = try await api.call(.patch, "/session", bad)
                #expect(refused.status == .badRequest, "\(bad): \(refused.text)")
            }
            #expect(try await other.call(.get, "/schemas/1/instance/objects/103/rows").status == .notFound)
            let joined = try await other.call(.post, "/session/join", #"{"job": 1}"#)
            #expect(joined.status == .ok, "\(joined.text)")
            #expect(joined.json["name"]?.scalarText == "Ann's import")
            let session = try #require(joined.headers[HTTPField.Name("X-MMCat-Session")!])
            #expect(joined.headers[.setCookie]?.contains("mmcat_session=") == true)
            other.session = session
            #expect(try await other.call(.get, "/schemas/1/instance/objects/103/rows").json["total"]?.scalarText == "2")
            #expect(try await other.job(1)["session"]?["current"] == .bool(true))
            let unnamed = try await api.call(.patch, "/session", #"{"name": null}"#)
            #expect(unnamed.json["name"] == .null)
        }
    }

    @Test func statusesAndCountsOfARun() async throws {
        try await withServer { api in
            #expect(try await api.status(1) == "Ready")
            try await api.call(.post, "/jobs/1/start")
            let job = try await api.wait(1, for: ["Finished"])
            #expect(job["records"]?["read"]?.scalarText == "4")
            #expect(job["records"]?["written"]?.scalarText == "3")
            #expect(job["records"]?["rejected"]?.scalarText == "1")
            #expect(job["log"]?.scalarText?.contains("record 4: $: Order (103) cannot be identified") == true)
            #expect(job["outcome"] == .null)
        }
    }

    @Test func deletingARunningJobIsRefusedAndCancelStopsIt() async throws {
        try await withServer(families: Families.all + [SlowFamily()]) { api in
            let id = try await api.slowJob(records: 100_000, pause: 5)
            try await api.call(.post, "/jobs/\(id)/start")
            try await api.wait(id, for: ["Running"])
            let refused = try await api.call(.delete, "/jobs/\(id)")
            #expect(refused.status == .conflict)
            #expect(
                refused.json["error"]?["message"]?.scalarText
                    == "job \(id) is running; cancel it first, then delete it")
            try await api.call(.post, "/jobs/\(id)/cancel", #"{"reason": "changed my mind"}"#)
            let job = try await api.wait(id, for: ["Canceled"])
            #expect(job["outcome"]?.scalarText == "canceled")
            #expect(job["reason"]?.scalarText == "changed my mind")
            #expect(try await api.call(.delete, "/jobs/\(id)").status == .noContent)
            #expect(try await api.call(.get, "/jobs/\(id)").status == .notFound)
        }
    }

    /// A run starts clean: a finished job queued again and canceled before its turn shows that
    /// cancel, not the counts, times and log of the run before.
    @Test func aJobCanceledWhileQueuedKeepsNothingOfItsLastRun() async throws {
        try await withServer(families: Families.all + [SlowFamily()]) { api in
            try await api.call(.post, "/jobs/1/start")
            #expect(try await api.wait(1, for: ["Finished"])["records"]?["read"] == .number("4"))
            let slow = try await api.slowJob(records: 100_000, pause: 5)
            try await api.call(.post, "/jobs/\(slow)/start")
            try await api.wait(slow, for: ["Running"])
            #expect(try await api.call(.post, "/jobs/1/restart").json["status"] == .string("Queued"))
            let canceled = try await api.call(.post, "/jobs/1/cancel").json
            #expect(canceled["status"] == .string("Canceled"))
            #expect(
                canceled["records"]
                    == .object([
                        JSONMember("read", .null), JSONMember("written", .null), JSONMember("rejected", .null),
                    ]))
            #expect(canceled["startedAt"] == .null)
            let log = try #require(canceled["log"]?.scalarText)
            #expect(log.split(separator: "\n").count == 1 && log.contains("canceled while queued"), "\(log)")
            try await api.call(.post, "/jobs/\(slow)/cancel")
        }
    }

    /// The artificial delay is spent in the queue: the job is Queued meanwhile, and its run
    /// (startedAt to endedAt) is the work alone.
    @Test func theJobDelayIsSpentQueued() async throws {
        // 5 s, so that reading the status after the start stays within the delay on a loaded machine.
        try await withServer(jobDelay: .seconds(5)) { api in
            let started = Date()
            try await api.call(.post, "/jobs/2/start")
            #expect(try await api.status(2) == "Queued")
            let job = try await api.wait(2, for: ["Finished"])
            // Times are whole seconds: a 5 s delay leaves at least 4 s between them.
            let startedAt = try #require(ISO8601DateFormatter().date(from: job["startedAt"]?.scalarText ?? ""))
            #expect(startedAt.timeIntervalSince(started) >= 4, "the job left the queue before its delay")
        }
    }

    @Test func aQueuedJobIsCanceledAtOnce() async throws {
        try await withServer(jobDelay: .seconds(30)) { api in
            try await api.call(.post, "/jobs/1/start")
            try await api.call(.post, "/jobs/2/start")
            let canceled = try await api.call(.post, "/jobs/2/cancel").json
            #expect(canceled["status"]?.scalarText == "Canceled")
            #expect(canceled["reason"]?.scalarText == "canceled by the user")
            #expect(canceled["log"]?.scalarText?.contains("canceled while queued: canceled by the user") == true)
            #expect(try await api.call(.post, "/jobs/3/cancel").status == .conflict)
            try await api.call(.post, "/jobs/1/cancel")
        }
    }

    @Test func aCanceledImportLeavesTheInstanceAsItWas() async throws {
        try await withServer(jobDelay: .milliseconds(300)) { api in
            try await api.call(.post, "/jobs/2/start")
            try await api.wait(2, for: ["Finished"])
            let before = try await api.call(.get, "/schemas/1/instance").text
            try await api.call(.post, "/jobs/1/start")
            try await api.call(.post, "/jobs/1/cancel")
            try await api.wait(1, for: ["Canceled"])
            let after = try await api.call(.get, "/schemas/1/instance").text
            #expect(Self.counts(before) == Self.counts(after))
        }
    }

    /// A source slow enough (one record a millisecond, 20,000 of them) that the cancel always
    /// comes while it runs, however loaded the machine.
    @Test func cancelStopsARunningImportAtARecordBoundaryAndChangesNothing() async throws {
        try await withServer(families: Families.all + [SlowFamily()]) { api in
            let id = try await api.slowJob(records: 20_000, pause: 1)
            try await api.call(.post, "/jobs/\(id)/start")
            try await api.wait(id, for: ["Running"])
            try await api.call(.post, "/jobs/\(id)/cancel")
            let ended = try await api.wait(id, for: ["Canceled", "Finished"], seconds: 60)
            #expect(ended["status"]?.scalarText == "Canceled")
            let read = Int(ended["records"]?["read"]?.scalarText ?? "") ?? -1
            #expect(read >= 0 && read < 20_000, "read \(read) records")
            #expect(ended["log"]?.scalarText?.contains("the instance category is unchanged") == true)
            let instance = try await api.call(.get, "/schemas/1/instance").json
            #expect(instance["objects"] == .array([]))
        }
    }

    @Test func aCanceledExportKeepsThePreviousModel() async throws {
        try await withServer { api in
            // A model of the empty instance first: the DDL only.
            try await api.call(.post, "/jobs/3/start")
            try await api.wait(3, for: ["Finished"])
            let previous = try await api.call(.get, "/jobs/3/model").json["sha256"]
            let folder = try await api.call(.get, "/databases/1").json["settings"]?["folder"]?.scalarText ?? ""
            let lines = (1...100_000).map {
                #"{"number": \#($0), "items": [{"productId": \#($0 % 97), "quantity": 1}]}"#
            }
            try Data(lines.joined(separator: "\n").utf8).write(
                to: URL(fileURLWithPath: folder).appendingPathComponent("bulk.jsonl"))
            let imported = try await api.importKind(
                "bulk @103 { number: 19, items: 8 { productId: 10.9, quantity: 13 } }", from: "1")
            #expect(imported["status"] == .string("Finished"))
            // 100,000 items take a while to print: the cancel arrives while the export runs.
            try await api.call(.post, "/jobs/3/restart")
            try await api.wait(3, for: ["Running"])
            try await api.call(.post, "/jobs/3/cancel")
            let ended = try await api.wait(3, for: ["Canceled", "Finished"], seconds: 60)
            #expect(ended["status"] == .string("Canceled"), "\(ended)")
            #expect(ended["outcome"] == .string("canceled"))
            #expect(try await api.call(.get, "/jobs/3/model").json["sha256"] == previous)
        }
    }

    @Test func rerunningJobsHasNoNewEffect() async throws {
        try await withServer { api in
            for id in [1, 2, 3, 4] {
                try await api.call(.post, "/jobs/\(id)/start")
                try await api.wait(Int64(id), for: ["Finished"])
            }
            let instance = try await api.call(.get, "/schemas/1/instance").text
            let model3 = try await api.call(.get, "/jobs/3/model").text
            let model4 = try await api.call(.get, "/jobs/4/model").text
            for id in [1, 2, 3, 4] {
                try await api.call(.post, "/jobs/\(id)/restart")
                try await api.wait(Int64(id), for: ["Finished"])
            }
            #expect(Self.counts(try await api.call(.get, "/schemas/1/instance").text) == Self.counts(instance))
            #expect(try await api.call(.get, "/jobs/3/model").text == model3)
            #expect(try await api.call(.get, "/jobs/4/model").text == model4)
        }
    }

    @Test func aModelIsExecutedOnItsDatabaseAllOrNothing() async throws {
        try await withServer { api in
            // Import the documents, export the items to a new SQLite file: the model makes the
            // table and writes the four items. Run again, its order_item table exists already, so
            // the script fails on CREATE TABLE, nothing more is written, and the error names the
            // statement without the rest of the script.
            try await api.call(.post, "/jobs/1/start")
            try await api.wait(1, for: ["Finished"])
            try await api.call(.post, "/jobs/3/start")
            try await api.wait(3, for: ["Finished"])
            let items = try await api.call(.post, "/jobs/3/model/execute")
            #expect(items.status == .ok, "\(items.text)")
            #expect(items.json["written"]?.scalarText == "4")
            let failed = try await api.call(.post, "/jobs/3/model/execute")
            #expect(failed.status == .unprocessableContent)
            let message = failed.json["error"]?["message"]?.scalarText ?? ""
            #expect(
                message.contains("rolled back") && message.contains(#"table "order_item" already exists"#), "\(message)"
            )
            #expect(message.contains(#"in: CREATE TABLE "order_item" ("#) && !message.contains("INSERT"), "\(message)")
            // The documents export runs on the JSON folder: it writes order.jsonl, one line per order.
            try await api.call(.post, "/jobs/4/start")
            try await api.wait(4, for: ["Finished"])
            let written = try await api.call(.post, "/jobs/4/model/execute")
            #expect(written.status == .ok)
            #expect(written.json["written"]?.scalarText == "2")
            // Importing the kind again reads the written file and changes nothing.
            let before = try await api.call(.get, "/schemas/1/instance").text
            try await api.call(.post, "/jobs/1/restart")
            let job = try await api.wait(1, for: ["Finished"])
            #expect(job["records"]?["read"]?.scalarText == "2")
            #expect(Self.counts(try await api.call(.get, "/schemas/1/instance").text) == Self.counts(before))
        }
    }

    @Test func anExportOfAnEmptyInstanceStillGivesTheDDL() async throws {
        try await withServer { api in
            try await api.call(.post, "/jobs/3/start")
            try await api.wait(3, for: ["Finished"])
            let model = try await api.call(.get, "/jobs/3/model").json
            let text = model["text"]?.scalarText ?? ""
            #expect(text.contains("The instance category holds no rows of this kind: no data."))
            #expect(text.contains("CREATE TABLE \"order_item\""))
            #expect(model["extension"]?.scalarText == "sql")
            let download = try await api.call(.get, "/jobs/3/model/download")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"order_item.sql\"")
            #expect(download.text == text)
            // The digest kept with the model is the SHA-256 of exactly the bytes downloaded.
            let digest = SHA256.hash(data: Array(download.text.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(model["sha256"]?.scalarText == digest)
            #expect(download.headers[.eTag] == "\"\(digest)\"")
            let listed = try await api.call(.get, "/models").json.arrayItems.first { $0["job"] == .number("3") }
            #expect(listed?["sha256"]?.scalarText == digest)
        }
    }

    @Test func aJobThatFailsIsCanceledWithTheError() async throws {
        let empty = try TestSupport.temporaryDirectory().path
        try await withServer { api in
            let database = try await api.call(
                .post, "/databases", #"{"label": "empty", "type": "files", "settings": {"folder": "\#(empty)"}}"#)
            let databaseId = database.json["id"]?.scalarText ?? ""
            let mapping = try await api.call(
                .post, "/mappings", #"{"schema": 1, "database": \#(databaseId), "text": "order @103 { number: 19 }"}"#)
            let job = try await api.call(
                .post, "/jobs",
                #"{"name": "broken", "type": "ModelToCategory", "mapping": \#(mapping.json["id"]?.scalarText ?? "")}"#)
            let id = Int64(job.json["id"]?.scalarText ?? "") ?? 0
            try await api.call(.post, "/jobs/\(id)/start")
            let ended = try await api.wait(id, for: ["Canceled", "Finished"])
            #expect(ended["status"]?.scalarText == "Canceled")
            #expect(ended["outcome"]?.scalarText == "error")
            #expect(ended["reason"]?.scalarText?.contains("no file for the kind \"order\"") == true)
        }
    }

    /// Row counts per object, from the instance endpoint.
    static func counts(_ text: String) -> [String] {
        guard case .array(let objects)? = try? JSONParser.parse(text)["objects"] else { return [] }
        return objects.map { "\($0["key"]?.scalarText ?? ""):\($0["rows"]?.scalarText ?? "")" }
    }
}
